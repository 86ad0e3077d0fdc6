#pragma once

namespace CLI {
class App;
}

namespace studio {

// Registers `export-onnx --project DIR --out FILE.onnx`: writes the project's model as a
// checked ONNX file and prints what it holds (inputs, outputs, opset, nodes, size) on
// stdout. Runs from its CLI11 callback inside app.parse(), so studio errors map to the
// CLI's exit codes there. Only built with ONNX (STUDIO_WITH_ONNX).
void addOnnxCommands(CLI::App& app);

}  // namespace studio
