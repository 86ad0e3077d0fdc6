#include "jobs/model_card_examples.h"

#include "base/json_io.h"
#include "data/calendar_inputs.h"
#include "data/technical_indicators.h"
#include "data/vocabulary.h"
#include "jobs/onnx_export.h"
#include "tasks/forecast/forecast_project.h"
#include "tasks/text/text_project.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace studio {
namespace {

namespace fs = std::filesystem;

// Python literals of strings and lists of strings (JSON's escapes are Python's too); bytes
// that are not UTF-8 (a label read from a file) become U+FFFD.
std::string py(const std::string& s) { return Json(s).dump(-1, ' ', false, Json::error_handler_t::replace); }
std::string pyList(const std::vector<std::string>& v) {
    return Json(v).dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Reading a CSV file as the app does: UTF-8 only (a byte order mark allowed), its delimiter,
// blank lines skipped.
const char* const kReadTable = R"PY(def read_table(path):
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            text = f.read()
    except UnicodeDecodeError as e:
        sys.exit(f"{path}: byte {e.start} is not valid UTF-8; expected UTF-8 text")
    header = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=header.count)
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in r)]
    return [name.strip() for name in rows[0]], rows[1:]


def column(names, name):
    if name in names:
        return names.index(name)
    lower = [n.lower() for n in names]
    return lower.index(name.lower()) if name.lower() in lower else None


)PY";

}  // namespace

std::string forecastExampleScript(const ProjectFile& p, const OnnxExportResult& r) {
    bool lastValue = false;
    for (const auto& t : r.inputs) lastValue = lastValue || t.name == "last_value";
    std::vector<std::string> calendar;
    std::vector<std::string> fileColumns;
    for (const auto& name : p.featureNames)
        if (isIndicatorFeature(name))
            continue;  // computed by the model from the rows before each window
        else if (isCalendarFeature(name))
            calendar.push_back(name.substr(std::string(kCalendarPrefix).size()));
        else
            fileColumns.push_back(name);
    std::string s =
        "#!/usr/bin/env python3\n"
        "\"\"\"Forecasts of '" +
        p.series.target + "' with " + fs::path(r.path).filename().string() +
        " (exported by LSTM Studio " STUDIO_VERSION
        ").\n\n"
        "    python3 example.py DATA.csv [--model MODEL.onnx] [--last N]\n\n"
        "Reads raw rows from DATA.csv (a header row, then rows in time order), builds one window\n"
        "ending at every usable row as `lstm-studio-cli predict` does, runs the model in ONNX\n"
        "Runtime and prints `row,pred_1,...`: the 0-based data row of each window's last row and\n"
        "its forecasts in the target's units. Needs numpy and onnxruntime.\n\"\"\"\n";
    s += "import argparse\nimport csv\nimport datetime\nimport io\nimport os\nimport re\nimport sys\n\n"
         "import numpy as np\nimport onnxruntime\n\n";
    s += "MODEL = " + py(fs::path(r.path).filename().string()) + "\n";
    s += "TARGET = " + py(p.series.target) + "\n";
    s += "FEATURES = " + pyList(fileColumns) + "  # file columns, in the model's order\n";
    s += "CALENDAR = " + pyList(calendar) + "  # then these, from the time column\n";
    s += "TIME_COLUMN = " + py(p.series.timeColumn) + "  # empty: the first column of dates\n";
    s += "WINDOW = " + std::to_string(p.series.window) + "\nHORIZON = " + std::to_string(p.series.horizon) + "\n";
    s += "LOOK_BACK = " +
         std::to_string(indicatorLookBack(parseIndicators(p.series.indicators, fileColumns, p.series.target))) +
         "  # rows before each window, from which the model computes its technical indicators\n";
    s += "MISSING = " + py(toString(p.series.missing)) + "  # drop: rows with a missing cell; ffill: fill from above\n";
    s += "DUPLICATES = " + py(toString(p.series.duplicates)) + "\n";
    s += std::string("LAST_VALUE_INPUT = ") + (lastValue ? "True" : "False") + "\n";
    s += std::string("TARGET_NEEDED = ") +
         (lastValue || std::find(fileColumns.begin(), fileColumns.end(), p.series.target) != fileColumns.end()
              ? "True"
              : "False") +
         "\n";
    return s + "\n\n" + kReadTable + R"PY(
NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}(?:\.\d*)?))?Z?)?)?$")
EPOCH = datetime.date(1970, 1, 1).toordinal()


def number(cell):
    cell = cell.strip(" \t")
    return float(cell) if NUMBER.match(cell) else None


def days(cell):
    """Days since 1970-01-01 of an ISO date (fractional with a time of day), or None."""
    m = DATE.match(cell.strip(" \t"))
    if not m:
        return None
    y, mo, d, h, mi, s = m.groups()
    try:
        day = datetime.date(int(y), int(mo), int(d or 1)).toordinal() - EPOCH
    except ValueError:
        return None
    return day + (int(h or 0) * 3600 + int(mi or 0) * 60 + float(s or 0)) / 86400.0


def time_column(names, rows):
    if TIME_COLUMN:
        return column(names, TIME_COLUMN)
    for c in range(len(names)):
        cells = [r[c] for r in rows if c < len(r) and r[c].strip()]
        if cells and sum(days(x) is not None for x in cells) >= 0.9 * len(cells):
            return c
    return None


def calendar_values(t):
    whole = int(t // 1)
    day = datetime.date.fromordinal(EPOCH + whole)
    out = []
    for part in CALENDAR:
        name, fn = part.rsplit("_", 1)
        if name == "month":
            angle = 2 * np.pi * (day.month - 1) / 12.0
        elif name == "weekday":
            angle = 2 * np.pi * day.weekday() / 7.0
        else:
            angle = 2 * np.pi * (24.0 * (t - whole)) / 24.0
        out.append(np.sin(angle) if fn == "sin" else np.cos(angle))
    return out


def usable_rows(path):
    """The rows the model sees: (data row, features, target, time) after the policies."""
    names, rows = read_table(path)
    cols = []
    for name in FEATURES:
        c = column(names, name)
        if c is None:
            sys.exit(f"{path}: no column '{name}'; the model was trained with it")
        cols.append(c)
    target = column(names, TARGET)
    if target is None and TARGET_NEEDED:
        sys.exit(f"{path}: no column '{TARGET}'; the model needs it")
    used = sorted(set(cols + ([target] if target is not None else [])))
    tcol = time_column(names, rows)
    times = [days(r[tcol]) if tcol is not None and tcol < len(r) else None for r in rows]
    skip = [False] * len(rows)
    previous = None
    for r, t in enumerate(times):
        if t is None:
            continue
        if previous is not None and t == times[previous]:
            if DUPLICATES == "error":
                sys.exit(f"{path}: data row {r} repeats the time of row {previous}")
            if DUPLICATES == "keep-last":
                skip[previous] = True
            else:
                skip[r] = True
                continue
        previous = r
    last = {}
    out = []
    for r, cells in enumerate(rows):
        if skip[r]:
            continue
        drop = False
        for c in used:
            v = number(cells[c]) if c < len(cells) else None
            if v is not None:
                last[c] = v
            elif MISSING != "ffill" or c not in last:
                drop = True
        if drop:
            continue
        values = [last[c] for c in cols]
        if CALENDAR:
            if times[r] is None:
                sys.exit(f"{path}: data row {r} has no time, so it has no calendar inputs")
            values += calendar_values(times[r])
        out.append((r, values, last[target] if target is not None else float("nan")))
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="CSV file of raw rows")
    parser.add_argument("--model", default=os.path.join(here, MODEL))
    parser.add_argument("--last", type=int, default=0, help="only the last N windows (0: all)")
    args = parser.parse_args()
    rows = usable_rows(args.data)
    ends = list(range(LOOK_BACK + WINDOW - 1, len(rows)))
    if args.last > 0:
        ends = ends[-args.last:]
    if not ends:
        sys.exit(f"{args.data}: fewer than {LOOK_BACK + WINDOW} usable rows")
    x = np.array([[rows[i][1] for i in range(e + 1 - WINDOW - LOOK_BACK, e + 1)] for e in ends], dtype=np.float32)
    feeds = {"input": x}
    if LAST_VALUE_INPUT:
        feeds["last_value"] = np.array([rows[e][2] for e in ends], dtype=np.float32)
    session = onnxruntime.InferenceSession(args.model)
    pred = np.asarray(session.run(None, feeds)[0], dtype=np.float64).reshape(len(ends), HORIZON)
    print("row," + ",".join(f"pred_{h + 1}" for h in range(HORIZON)))
    for e, p in zip(ends, pred):
        print(f"{rows[e][0]}," + ",".join(f"{v:.9g}" for v in p))


if __name__ == "__main__":
    main()
)PY";
}


std::string classifierExampleScript(const TextProjectFile& p, const OnnxExportResult& r) {
    const std::string model = fs::path(r.path).filename().string();
    std::string s = "#!/usr/bin/env python3\n\"\"\"Classifies the texts of column '" + p.text.textColumn + "' with " +
                    model + " (exported by LSTM Studio " STUDIO_VERSION
                            ").\n\n"
                            "    python3 example.py DATA.csv [--model MODEL.onnx]\n\n"
                            "Reads DATA.csv (a header row, then one text per row), turns each text into token ids as\n"
                            "the app does, runs the model in ONNX Runtime and prints `row,label,p_<label>,...`: the\n"
                            "0-based data row, the most probable label and every label's probability, as\n"
                            "`lstm-studio-cli predict` writes them. Needs numpy and onnxruntime.\n\"\"\"\n";
    s += "import argparse\nimport csv\nimport io\nimport os\nimport sys\n\nimport numpy as np\nimport onnxruntime\n\n";
    s += "MODEL = " + py(model) + "\n";
    s += "TEXT_COLUMN = " + py(p.text.textColumn) + "\n";
    s += "LABELS = " + pyList(p.classes) + "\n";
    s += std::string("WORDS = ") + (p.text.tokenizer.kind == TokenizerKind::Word ? "True" : "False") +
         "  # False: every character is a token\n";
    s += std::string("LOWERCASE = ") + (p.text.tokenizer.lowercase ? "True" : "False") + "\n";
    s += std::string("SPLIT_CJK = ") + (p.text.tokenizer.splitUnspaced ? "True" : "False") +
         "  # each Chinese or Japanese character a word of its own\n";
    s += "MAX_LENGTH = " + std::to_string(p.text.maxLength) + "  # tokens kept from each text's start; 0: all\n";
    s += "PAD, UNK = " + std::to_string(Vocabulary::kPad) + ", " + std::to_string(Vocabulary::kUnk) + "\n";
    s += "VOCABULARY = " + pyList(p.vocab) + "  # the token of each id\n\n\n";
    return s + kReadTable + R"PY(SPACES = set(map(ord, " \t\n\r\f\v")) | {0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF}
SPACES |= set(range(0x2000, 0x200C))
# Punctuation and symbols outside ASCII: tokens of their own, never parts of words.
PUNCTUATION = [(0xA1, 0xBF), (0xD7, 0xD7), (0xF7, 0xF7), (0x2010, 0x205E), (0x20A0, 0x20CF), (0x2190, 0x2BFF),
               (0x3001, 0x303F), (0xFF01, 0xFF0F), (0xFF1A, 0xFF20), (0xFF3B, 0xFF40), (0xFF5B, 0xFF65),
               (0xFFFD, 0xFFFD), (0x1F000, 0x1FAFF)]


def word_char(c):
    if c < 0x80:
        return chr(c).isalnum() or c == 0x5F
    if c in SPACES:
        return False
    return c in (0xAA, 0xB5, 0xBA) or not any(lo <= c <= hi for lo, hi in PUNCTUATION)


def unspaced(c):
    return (0x4E00 <= c <= 0x9FFF or 0x3400 <= c <= 0x4DBF or 0xF900 <= c <= 0xFAFF or 0x20000 <= c <= 0x323AF or
            0x3040 <= c <= 0x30FF)


def lower(c):
    if ord("A") <= c <= ord("Z") or (0xC0 <= c <= 0xDE and c != 0xD7):
        return c + 32
    if 0x100 <= c <= 0x17F and c not in (0x130, 0x131, 0x138, 0x149, 0x17F):
        if 0x139 <= c <= 0x148 or 0x179 <= c <= 0x17E:
            return c + 1 if c % 2 == 1 else c
        return c + 1 if c % 2 == 0 else c
    if 0x391 <= c <= 0x3AB and c != 0x3A2:
        return c + 32
    if 0x410 <= c <= 0x42F:
        return c + 32
    if 0x400 <= c <= 0x40F:
        return c + 80
    return c


def tokens(text):
    cps = [ord(ch) for ch in text]
    if LOWERCASE:
        cps = [lower(c) for c in cps]
    if not WORDS:
        return [chr(c) for c in cps]
    out, word = [], ""
    for i, c in enumerate(cps):
        apostrophe = c in (0x27, 0x2019) and word and i + 1 < len(cps) and word_char(cps[i + 1])
        if (word_char(c) and not (SPLIT_CJK and unspaced(c))) or apostrophe:
            word += chr(c)
            continue
        if word:
            out.append(word)
            word = ""
        if c not in SPACES and c >= 0x20:
            out.append(chr(c))
    if word:
        out.append(word)
    return out


def ids(text, index):
    found = [index.get(t, UNK) for t in tokens(text)]
    if MAX_LENGTH > 0:
        found = found[:MAX_LENGTH]
    return found or [UNK]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="CSV file with a column of texts")
    parser.add_argument("--model", default=os.path.join(here, MODEL))
    args = parser.parse_args()
    names, rows = read_table(args.data)
    c = column(names, TEXT_COLUMN)
    if c is None:
        sys.exit(f"{args.data}: no column named '{TEXT_COLUMN}'")
    index = {token: i for i, token in enumerate(VOCABULARY)}
    docs = [ids(r[c] if c < len(r) else "", index) for r in rows]
    session = onnxruntime.InferenceSession(args.model)
    print("row,label," + ",".join(csv_field("p_" + label) for label in LABELS))
    for start in range(0, len(docs), 256):
        batch = docs[start:start + 256]
        tokens_in = np.full((len(batch), max(len(d) for d in batch)), PAD, dtype=np.int64)
        for i, d in enumerate(batch):
            tokens_in[i, :len(d)] = d
        lengths = np.array([len(d) for d in batch], dtype=np.int64)
        outputs = [o.name for o in session.get_outputs()] if hasattr(session, "get_outputs") else None
        result = session.run(outputs, {"tokens": tokens_in, "lengths": lengths})
        probabilities = result[-1] if outputs is None else result[outputs.index("probabilities")]
        for i, p in enumerate(np.asarray(probabilities, dtype=np.float64)):
            best = int(np.argmax(p))
            print(f"{start + i},{csv_field(LABELS[best])}," + ",".join(f"{v:.9g}" for v in p))


def csv_field(text):
    return '"' + text.replace('"', '""') + '"' if any(ch in text for ch in ',"\n\r') else text


if __name__ == "__main__":
    main()
)PY";
}

}  // namespace studio
