// lstm-studio: the desktop application. With arguments it also runs scripted:
//   lstm-studio [FILE] [--train] [--epochs N] [--forecast N] [--window-size WxH] [--screenshot PNG] [--quit]

#include "shell/language.h"
#include "shell/main_window.h"
#include "shell/scripted_run.h"
#include "shell/studio_settings.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <cstdio>

namespace {

// The bundled S&P 500 series: an installed copy next to the executable first, else the
// source tree's.
QString defaultDataset() {
    const QString name = QStringLiteral("sp500_2000_2020.csv");
    const QString installed =
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../share/lstm-studio/datasets/") + name);
    if (QFileInfo::exists(installed)) return QDir::cleanPath(installed);
    const QString source = QStringLiteral(STUDIO_SOURCE_DIR "/datasets/") + name;
    return QFileInfo::exists(source) ? source : QString();
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("lstm-studio"));
    QApplication::setApplicationName(QStringLiteral("lstm-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("LSTM Studio"));
    QApplication::setApplicationVersion(QStringLiteral(STUDIO_VERSION));
    // View > Language's choice, else the system's language (LANG=zh_CN.UTF-8 speaks Chinese).
    studio::setInterfaceLanguage(studio::startupLanguage(studio::StudioSettings().language()));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "main", "LSTM Studio: train LSTM and BiLSTM forecasters on CSV series and inspect them."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QApplication::translate("main",
                                                         "CSV file or project folder to open "
                                                         "(default: the one opened last, else the bundled S&P 500 series)"),
                                 QStringLiteral("[file]"));
    const QCommandLineOption train(QStringLiteral("train"),
                                   QApplication::translate("main", "Train with the default settings once opened."));
    const QCommandLineOption epochs(QStringLiteral("epochs"), QApplication::translate("main", "Epochs to train."),
                                    QStringLiteral("N"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QApplication::translate("main", "Save the window as PNG when done."),
                                        QStringLiteral("png"));
    const QCommandLineOption quit(QStringLiteral("quit"),
                                  QApplication::translate("main", "Exit when done (non-zero if training failed)."));
    const QCommandLineOption forecast(
        QStringLiteral("forecast"),
        QApplication::translate("main", "Then forecast N rows past the last one with the model (Forecast tab)."),
        QStringLiteral("N"));
    const QCommandLineOption size(QStringLiteral("window-size"),
                                  QApplication::translate("main", "Window size, e.g. 1280x720 (for screenshots)."),
                                  QStringLiteral("WxH"));
    parser.addOptions({train, epochs, forecast, size, screenshot, quit});
    parser.process(app);

    studio::ScriptOptions options;
    const QStringList positional = parser.positionalArguments();
    options.file = positional.isEmpty() ? studio::StudioSettings().startupPath(defaultDataset())
                                        : QFileInfo(positional.front()).absoluteFilePath();
    options.train = parser.isSet(train);
    options.screenshot = parser.value(screenshot);
    options.quit = parser.isSet(quit);
    if (parser.isSet(epochs)) {
        bool ok = false;
        options.epochs = parser.value(epochs).toInt(&ok);
        if (!ok || options.epochs < 1) {
            std::fprintf(stderr, "lstm-studio: --epochs needs a positive whole number\n");
            return 2;
        }
    }

    if (parser.isSet(forecast)) {
        bool ok = false;
        options.forecast = parser.value(forecast).toInt(&ok);
        if (!ok || options.forecast < 1) {
            std::fprintf(stderr, "lstm-studio: --forecast needs a positive whole number\n");
            return 2;
        }
    }
    if (parser.isSet(size)) {
        const QRegularExpressionMatch m =
            QRegularExpression(QStringLiteral("^(\\d+)x(\\d+)$")).match(parser.value(size));
        options.size = m.hasMatch() ? QSize(m.captured(1).toInt(), m.captured(2).toInt()) : QSize();
        if (options.size.width() < 200 || options.size.height() < 150) {
            std::fprintf(stderr, "lstm-studio: --window-size needs WIDTHxHEIGHT, e.g. 1280x720\n");
            return 2;
        }
    }

    studio::MainWindow window;
    window.show();
    studio::ScriptedRun run(&window, options);
    QObject::connect(&run, &studio::ScriptedRun::finished, &app, [](int code) { QCoreApplication::exit(code); });
    run.start();
    return app.exec();
}
