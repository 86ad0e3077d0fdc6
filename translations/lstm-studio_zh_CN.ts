<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChartExport</name>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg);;PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>There is no chart to export.</source>
        <translation>没有可导出的图表。</translation>
    </message>
    <message>
        <source>Cannot tell the format of %1: name the file .png, .svg or .pdf.</source>
        <translation>无法判断 %1 的格式：请将文件扩展名设为 .png、.svg 或 .pdf。</translation>
    </message>
    <message>
        <source>The chart is not laid out yet: show it, then export it.</source>
        <translation>图表尚未完成布局：请先显示图表，再导出。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Drawn by LSTM Studio</source>
        <translation>由 LSTM Studio 绘制</translation>
    </message>
    <message>
        <source>Cannot draw the chart into %1.</source>
        <translation>无法将图表绘制到 %1。</translation>
    </message>
</context>
<context>
    <name>ColumnRoles</name>
    <message>
        <source>ignored</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>feature</source>
        <translation>特征</translation>
    </message>
</context>
<context>
    <name>ForecastProjectLoader</name>
    <message>
        <source>%1 is not an LSTM Studio project: %2</source>
        <translation>%1 不是 LSTM Studio 项目：%2</translation>
    </message>
    <message>
        <source>No training history: %1</source>
        <translation>没有训练历史：%1</translation>
    </message>
    <message>
        <source>The project&apos;s data file cannot be read (%1); the truth comes from predictions.csv.</source>
        <translation>无法读取项目的数据文件（%1）；真实值改为取自 predictions.csv。</translation>
    </message>
    <message>
        <source>No predictions: %1</source>
        <translation>没有预测结果：%1</translation>
    </message>
    <message>
        <source>No metrics: %1</source>
        <translation>没有评估指标：%1</translation>
    </message>
</context>
<context>
    <name>ProjectSession</name>
    <message>
        <source>There is nothing to save yet: train a model first.</source>
        <translation>尚无可保存的内容：请先训练模型。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
</context>
<context>
    <name>RowAxis</name>
    <message>
        <source>row %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <source>date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>data row</source>
        <translation>数据行</translation>
    </message>
</context>
<context>
    <name>TableExport</name>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>LSTM Studio: train LSTM and BiLSTM forecasters on CSV series and inspect them.</source>
        <translation>LSTM Studio：在 CSV 序列上训练 LSTM 和 BiLSTM 预测模型并进行检视。</translation>
    </message>
    <message>
        <source>CSV file or project folder to open (default: the one opened last, else the bundled S&amp;P 500 series)</source>
        <translation>要打开的 CSV 文件或项目文件夹（默认为上次打开的文件；若没有，则为内置的 S&amp;P 500 序列）</translation>
    </message>
    <message>
        <source>Train with the default settings once opened.</source>
        <translation>打开后使用默认设置进行训练。</translation>
    </message>
    <message>
        <source>Epochs to train.</source>
        <translation>训练轮数。</translation>
    </message>
    <message>
        <source>Save the window as PNG when done.</source>
        <translation>完成后将窗口保存为 PNG。</translation>
    </message>
    <message>
        <source>Exit when done (non-zero if training failed).</source>
        <translation>完成后退出（训练失败时返回非零退出码）。</translation>
    </message>
    <message>
        <source>Then forecast N rows past the last one with the model (Forecast tab).</source>
        <translation>随后用模型从最后一行起向前预测 N 行（“预测”标签页）。</translation>
    </message>
    <message>
        <source>Window size, e.g. 1280x720 (for screenshots).</source>
        <translation>窗口大小，例如 1280x720（用于截图）。</translation>
    </message>
</context>
<context>
    <name>studio::AboutDialog</name>
    <message>
        <source>About LSTM Studio</source>
        <translation>关于 LSTM Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;LSTM Studio %1&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;LSTM Studio %1&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>Interactive sequence modeling with LSTM and BiLSTM networks: load a series, train on a worker thread while the charts follow, and compare the predictions with the truth and with the naive forecast.</source>
        <translation>基于 LSTM 与 BiLSTM 网络的交互式序列建模：加载序列，在后台工作线程中训练并实时更新图表，再将预测值与真实值及朴素预测进行比较。</translation>
    </message>
    <message>
        <source>&lt;p&gt;Licence: none chosen yet.&lt;/p&gt;</source>
        <translation>&lt;p&gt;许可证：尚未选定。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Licence: %1.&lt;/p&gt;</source>
        <translation>&lt;p&gt;许可证：%1。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>the manual pages &lt;tt&gt;man lstm-studio&lt;/tt&gt; and &lt;tt&gt;man lstm-studio-cli&lt;/tt&gt;</source>
        <translation>手册页 &lt;tt&gt;man lstm-studio&lt;/tt&gt; 和 &lt;tt&gt;man lstm-studio-cli&lt;/tt&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Documentation: %1.&lt;/p&gt;</source>
        <translation>&lt;p&gt;文档：%1。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Documentation: &lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt; and %3.&lt;/p&gt;</source>
        <translation>&lt;p&gt;文档：&lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt; 以及%3。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
</context>
<context>
    <name>studio::BacktestDialog</name>
    <message>
        <source>Backtest</source>
        <translation>回测</translation>
    </message>
    <message>
        <source>Fold</source>
        <translation>折</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Forecasts</source>
        <translation>预测数</translation>
    </message>
    <message>
        <source>The validation and test rows are cut into this many consecutive blocks; each block is forecast from the rows before it only.</source>
        <translation>验证集和测试集的行被切分为这么多个连续的块；每个块只用它之前的行来预测。</translation>
    </message>
    <message>
        <source>None – the trained model</source>
        <translation>不重新训练 – 使用已训练的模型</translation>
    </message>
    <message>
        <source>Every – train a model per fold</source>
        <translation>每折 – 每折训练一个模型</translation>
    </message>
    <message>
        <source>Every trains a new model for each fold with the project&apos;s settings on the rows before the fold: an honest test of the method, slower (seconds to minutes a fold).</source>
        <translation>“每折”会按项目设置，在每一折之前的行上训练一个新模型：能如实检验整个方法，但更慢（每折需数秒到数分钟）。</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Folds:</source>
        <translation>折数：</translation>
    </message>
    <message>
        <source>Refit:</source>
        <translation>重新训练：</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>Stops the backtest at the next fold or training batch; nothing is kept.</source>
        <translation>在下一折或下一个训练批次处停止回测；不保留任何结果。</translation>
    </message>
    <message>
        <source>MAE</source>
        <translation>MAE</translation>
    </message>
    <message>
        <source>RMSE</source>
        <translation>RMSE</translation>
    </message>
    <message>
        <source>Compare by:</source>
        <translation>比较指标：</translation>
    </message>
    <message>
        <source>Choose the folds and the refit, then Run.</source>
        <translation>选择折数和重新训练方式，然后点击“运行”。</translation>
    </message>
    <message>
        <source>Fold %1 of %2</source>
        <translation>第 %1 / %2 折</translation>
    </message>
    <message>
        <source>Save &amp;JSON…</source>
        <translation>保存 JSON(&amp;J)…</translation>
    </message>
    <message>
        <source>The backtest as the command line&apos;s backtest.json</source>
        <translation>将回测结果保存为与命令行相同的 backtest.json</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Fold %1 of %2: training a model on the rows before it…</source>
        <translation>第 %1 / %2 折：正在用该折之前的行训练模型…</translation>
    </message>
    <message>
        <source>Fold %1 of %2: forecasting its rows…</source>
        <translation>第 %1 / %2 折：正在预测该折的行…</translation>
    </message>
    <message>
        <source>Loading the project…</source>
        <translation>正在加载项目…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Stopped: no backtest was made.</source>
        <translation>已停止：未生成回测结果。</translation>
    </message>
    <message>
        <source>The backtest failed: %1</source>
        <translation>回测失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n fold(s) done</source>
        <translation>
            <numerusform>已完成 %n 折</numerusform>
        </translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Naive</source>
        <translation>朴素</translation>
    </message>
    <message>
        <source>Seasonal naive</source>
        <translation>季节性朴素</translation>
    </message>
    <message>
        <source>Drift</source>
        <translation>漂移</translation>
    </message>
    <message>
        <source>Linear AR</source>
        <translation>线性 AR</translation>
    </message>
    <message numerus="yes">
        <source>%n fold(s), %1 forecast(s) of %2 row(s) ahead; refit: %3; seasonal naive period: %4 row(s).</source>
        <translation>
            <numerusform>%n 折，共 %1 个向前 %2 行的预测；重新训练：%3；季节性朴素周期：%4 行。</numerusform>
        </translation>
    </message>
    <message>
        <source>a model per fold</source>
        <translation>每折一个模型</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Overall the model’s %1 is %2, %3% lower than the best baseline’s (%4: %5).</source>
        <translation>总体而言，模型的 %1 为 %2，比最佳基线（%4：%5）低 %3%。</translation>
    </message>
    <message>
        <source>Overall the model’s %1 is %2, %3% higher than the best baseline’s (%4: %5).</source>
        <translation>总体而言，模型的 %1 为 %2，比最佳基线（%4：%5）高 %3%。</translation>
    </message>
    <message>
        <source>• %1</source>
        <translation>• %1</translation>
    </message>
    <message>
        <source>• Not kept in the current run’s folder: %1</source>
        <translation>• 未保存到当前运行的文件夹：%1</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>forecaster, metric</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 in target units; the lowest of each row is bold</source>
        <translation>%1，以目标列的单位计；每行最低值以粗体显示</translation>
    </message>
    <message>
        <source>Overall</source>
        <translation>总体</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>Fold %1</source>
        <translation>第 %1 折</translation>
    </message>
    <message>
        <source>Fold: the period its forecasts cover</source>
        <translation>折（其预测覆盖的时段）</translation>
    </message>
    <message>
        <source>%1, target units</source>
        <translation>%1（目标列单位）</translation>
    </message>
    <message>
        <source>Save backtest JSON</source>
        <translation>保存回测 JSON</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>There is no backtest to save yet: Run one first.</source>
        <translation>还没有可保存的回测：请先运行一次。</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>two sentences of one line</comment>
        <translation>%1%2</translation>
    </message>
</context>
<context>
    <name>studio::BenchmarkDialog</name>
    <message>
        <source>Benchmark inference</source>
        <translation>推理基准测试</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Mean µs</source>
        <translation>平均 µs</translation>
    </message>
    <message>
        <source>p50 µs</source>
        <translation>p50 µs</translation>
    </message>
    <message>
        <source>p95 µs</source>
        <translation>p95 µs</translation>
    </message>
    <message>
        <source>p99 µs</source>
        <translation>p99 µs</translation>
    </message>
    <message>
        <source>Samples/s</source>
        <translation>样本/秒</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节数</translation>
    </message>
    <message>
        <source>RMSE delta</source>
        <translation>RMSE 差值</translation>
    </message>
    <message>
        <source>Timed predictions per backend and batch:</source>
        <translation>每个后端和批大小的计时预测次数：</translation>
    </message>
    <message>
        <source>Warm-up predictions:</source>
        <translation>预热预测次数：</translation>
    </message>
    <message>
        <source>Timed training batches (0: none):</source>
        <translation>计时训练批次数（0：不计时）：</translation>
    </message>
    <message>
        <source>Batch sizes:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <source>Batch sizes to time, separated by commas</source>
        <translation>要计时的批大小，用逗号分隔</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Save &amp;JSON…</source>
        <translation>保存 JSON(&amp;J)…</translation>
    </message>
    <message>
        <source>Save &amp;Markdown…</source>
        <translation>保存 Markdown(&amp;M)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Mean latency per call</source>
        <translation>每次调用的平均延迟</translation>
    </message>
    <message>
        <source>Latency percentiles</source>
        <translation>延迟百分位数</translation>
    </message>
    <message>
        <source>Batch sizes: expected whole numbers of at least 1, separated by commas</source>
        <translation>批大小：应为不小于 1 的整数，用逗号分隔</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Benchmark failed: %1</source>
        <translation>基准测试失败：%1</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Cancelled: the table shows what was measured before</source>
        <translation>已取消：表格显示的是取消前已测得的结果</translation>
    </message>
    <message>
        <source>text classifier, %1 parameters, longest test text %2 tokens</source>
        <translation>文本分类器，%1 个参数，最长测试文本 %2 个词元</translation>
    </message>
    <message>
        <source>character language model, %1 parameters, chunks of %2 characters</source>
        <translation>字符语言模型，%1 个参数，每段 %2 个字符</translation>
    </message>
    <message>
        <source>%1 parameters, window %2, horizon %3</source>
        <translation>%1 个参数，窗口 %2，预测步长 %3</translation>
    </message>
    <message>
        <source>CPU: %1; %2 LibTorch thread(s). Model: %3.</source>
        <translation>CPU：%1；LibTorch 线程数：%2。模型：%3。</translation>
    </message>
    <message>
        <source>Training (%1, batch %2): %3 ms per batch (median %4 ms, %5 batches).</source>
        <translation>训练（%1，批大小 %2）：每批次 %3 ms（中位数 %4 ms，共 %5 个批次）。</translation>
    </message>
    <message>
        <source>Peak resident memory: %1 MiB.</source>
        <translation>峰值常驻内存：%1 MiB。</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>Accuracy delta (points)</source>
        <translation>准确率差值（百分点）</translation>
    </message>
    <message>
        <source>Bits/char delta</source>
        <translation>每字符比特数差值</translation>
    </message>
    <message>
        <source>The backend&apos;s test %1 minus the trained model&apos;s over the whole test split at once: what the backend costs in accuracy (differences near 1e-7 are rounding).</source>
        <translation>该后端的测试指标（%1）减去训练所得模型的同一指标，均在整个测试集上一次性计算：即换用该后端在精度上的代价（1e-7 左右的差异只是舍入误差）。</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>bits per character</source>
        <translation>每字符比特数</translation>
    </message>
    <message>
        <source>RMSE</source>
        <translation>RMSE</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>µs per call</source>
        <translation>每次调用 µs</translation>
    </message>
    <message>
        <source>Mean latency per call, batch %1</source>
        <translation>每次调用的平均延迟（批大小 %1）</translation>
    </message>
    <message>
        <source>Latency percentiles, batch %1</source>
        <translation>延迟百分位数（批大小 %1）</translation>
    </message>
    <message>
        <source>Save JSON report</source>
        <translation>保存 JSON 报告</translation>
    </message>
    <message>
        <source>Save Markdown report</source>
        <translation>保存 Markdown 报告</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>two sentences of one line</comment>
        <translation>%1%2</translation>
    </message>
</context>
<context>
    <name>studio::CharLmResultsView</name>
    <message>
        <source>&amp;Prompt</source>
        <translation>提示文本(&amp;P)</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>&amp;Temperature</source>
        <translation>温度(&amp;T)</translation>
    </message>
    <message>
        <source>Below 1 the text is safer and more repetitive; above 1 more surprising.</source>
        <translation>低于 1 时生成的文本更稳妥、更重复；高于 1 时更出人意料。</translation>
    </message>
    <message>
        <source>S&amp;eed</source>
        <translation>随机种子(&amp;E)</translation>
    </message>
    <message>
        <source>The same seed, prompt, length and temperature write the same text again.</source>
        <translation>随机种子、提示文本、长度和温度都相同时，会再次生成相同的文本。</translation>
    </message>
    <message>
        <source>The text to continue</source>
        <translation>要续写的文本</translation>
    </message>
    <message>
        <source> characters</source>
        <translation> 个字符</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>Sample written after training</source>
        <translation>训练结束后生成的样例</translation>
    </message>
    <message>
        <source>Train a language model to see its results.</source>
        <translation>训练语言模型后即可在此查看结果。</translation>
    </message>
    <message>
        <source>Test split: %1 bits per character (unigram baseline %2).</source>
        <translation>测试集：每字符 %1 比特（一元语法基线 %2）。</translation>
    </message>
    <message>
        <source>Training: a sample from the current weights.</source>
        <translation>训练中：用当前权重生成的样例。</translation>
    </message>
</context>
<context>
    <name>studio::ClassifyResultsView</name>
    <message>
        <source>Measure (test split)</source>
        <translation>指标（测试集）</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Rows: true class; columns: predicted class.</source>
        <translation>行：真实类别；列：预测类别。</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>True</source>
        <translation>真实标签</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>预测标签</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Test results</source>
        <translation>测试结果</translation>
    </message>
    <message>
        <source>Confusion matrix (rows true, columns predicted)</source>
        <translation>混淆矩阵（行为真实类别，列为预测类别）</translation>
    </message>
    <message>
        <source>Misclassified test texts</source>
        <translation>分类错误的测试文本</translation>
    </message>
    <message>
        <source>Test texts</source>
        <translation>测试文本数</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Macro F1</source>
        <translation>宏 F1</translation>
    </message>
    <message>
        <source>Majority baseline accuracy</source>
        <translation>多数类基线准确率</translation>
    </message>
    <message>
        <source>No misclassified texts to show: %1</source>
        <translation>无法显示分类错误的文本：%1</translation>
    </message>
</context>
<context>
    <name>studio::ContinueDialog</name>
    <message>
        <source>Continue Training</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>Epochs to train on top of those the model has trained, from its checkpoint with its optimizer state, learning-rate schedule and early stopping.</source>
        <translation>在模型已训练轮数的基础上再训练的轮数。从其检查点继续，并沿用其优化器状态、学习率调度和早停设置。</translation>
    </message>
    <message>
        <source>&amp;More epochs:</source>
        <translation>追加轮数(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message numerus="yes">
        <source>The model has trained %n epoch(s); it will have trained %1 in all (fewer if early stopping ends the run).</source>
        <translation>
            <numerusform>模型已训练 %n 轮；继续后共将训练 %1 轮（若早停提前结束运行则更少）。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>studio::DataPanel</name>
    <message>
        <source>numeric</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>No data. Open a CSV file (File ▸ Open CSV…) or drop one on the window.</source>
        <translation>无数据。请打开 CSV 文件（文件 ▸ 打开 CSV…），或将文件拖放到窗口中。</translation>
    </message>
    <message>
        <source>The first rows of the file. Choose each column&apos;s role in the first row: the target is forecast, features are extra model inputs, the time column labels the x axis.</source>
        <translation>文件的前几行。请在第一行为每一列选择角色：目标列是要预测的列，特征是额外的模型输入，时间列用作 x 轴的标签。</translation>
    </message>
    <message>
        <source>What happens to the rows on the way from the file to the model</source>
        <translation>数据行从文件到模型的处理过程</translation>
    </message>
    <message>
        <source>Target series and split</source>
        <translation>目标序列与数据划分</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop reading the file; what is open stays open</source>
        <translation>停止读取该文件；已打开的数据保持不变</translation>
    </message>
    <message>
        <source>Open a CSV file first.</source>
        <translation>请先打开 CSV 文件。</translation>
    </message>
    <message>
        <source>Reading %1 …</source>
        <translation>正在读取 %1 …</translation>
    </message>
    <message>
        <source>No data.</source>
        <translation>无数据。</translation>
    </message>
    <message>
        <source>%1 (still open)</source>
        <translation>%1（仍保持打开）</translation>
    </message>
    <message>
        <source>Cannot open %1:
%2</source>
        <translation>无法打开 %1：
%2</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %Ln row(s), %2 column(s)</source>
        <translation>
            <numerusform>%1 — %Ln 行，%2 列</numerusform>
        </translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>%1: %2 column</source>
        <translation>%1：%2列</translation>
    </message>
    <message numerus="yes">
        <source>, %Ln empty cell(s)</source>
        <translation>
            <numerusform>，%Ln 个空单元格</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %Ln cell(s) that are not %1</source>
        <translation>
            <numerusform>，%Ln 个单元格无法解析为%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Line numbers of the file</source>
        <translation>文件中的行号</translation>
    </message>
    <message>
        <source>Choose a target column: the column to forecast.</source>
        <translation>请选择目标列，即要预测的列。</translation>
    </message>
    <message>
        <source>This file has no numeric column to forecast. To classify its texts or train a language model on them, open it with File &gt; Open Text….</source>
        <translation>此文件没有可供预测的数值列。如需对其中的文本进行分类或训练语言模型，请通过“文件 &gt; 打开文本…”打开它。</translation>
    </message>
    <message>
        <source>%L1 rows read, %L2 used, %L3 dropped, %L4 cells filled.</source>
        <translation>读取 %L1 行，使用 %L2 行，丢弃 %L3 行，填充 %L4 个单元格。</translation>
    </message>
    <message>
        <source>Split rows: train %L1, validation %L2, test %L3. Windows (window %4, horizon %5): %L6, %L7, %L8.</source>
        <translation>划分行数：训练集 %L1，验证集 %L2，测试集 %L3。窗口数（窗口 %4，预测步长 %5）：%L6、%L7、%L8。</translation>
    </message>
    <message>
        <source>Scaler (automatic): %1, as %2.</source>
        <translation>缩放方式（自动）：%1，原因：%2。</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>The %1 split has %L2 rows but one window needs %3 (window %4 + horizon %5). Use a shorter window, other split fractions or more data.</source>
        <translation>%1只有 %L2 行，但一个窗口需要 %3 行（窗口 %4 + 预测步长 %5）。请缩短窗口、调整划分比例或使用更多数据。</translation>
    </message>
    <message>
        <source>%1
(%2)</source>
        <comment>column header: the column&apos;s name, then its kind</comment>
        <translation>%1
（%2）</translation>
    </message>
</context>
<context>
    <name>studio::ExportMenu</name>
    <message>
        <source>Export Chart as &amp;PNG…</source>
        <translation>将图表导出为 PNG(&amp;P)…</translation>
    </message>
    <message>
        <source>Export Chart as &amp;SVG…</source>
        <translation>将图表导出为 SVG(&amp;S)…</translation>
    </message>
    <message>
        <source>Export Chart as P&amp;DF…</source>
        <translation>将图表导出为 PDF(&amp;D)…</translation>
    </message>
    <message>
        <source>Export Table as &amp;CSV…</source>
        <translation>将表格导出为 CSV(&amp;C)…</translation>
    </message>
    <message>
        <source>There is no chart or table to export: click one first.</source>
        <translation>没有可导出的图表或表格：请先点击一个图表或表格。</translation>
    </message>
    <message>
        <source>chart</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>table</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>Export Chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>Export Table</source>
        <translation>导出表格</translation>
    </message>
</context>
<context>
    <name>studio::ForecastMetricsTable</name>
    <message>
        <source>The model&apos;s forecasts.</source>
        <translation>模型的预测。</translation>
    </message>
    <message>
        <source>Naive: every step repeats the last input value.</source>
        <translation>朴素：每个时间步都重复最后一个输入值。</translation>
    </message>
    <message numerus="yes">
        <source>Seasonal naive: each step repeats the value one season (%n row(s)) earlier.</source>
        <translation>
            <numerusform>季节性朴素：每个时间步重复一个季节（%n 行）之前的值。</numerusform>
        </translation>
    </message>
    <message>
        <source>Drift: the straight line from the series&apos; first value to the last input value, continued.</source>
        <translation>漂移：连接序列第一个值与最后一个输入值的直线，并向后延伸。</translation>
    </message>
    <message>
        <source>Linear AR: a ridge linear autoregression on the model&apos;s inputs, fitted on the training split.</source>
        <translation>线性 AR：基于模型输入的岭回归线性自回归模型，在训练集上拟合。</translation>
    </message>
    <message>
        <source>Errors on the test split in the target&apos;s units, for the model and for forecasts that need no network; a useful model beats them all. MASE below 1 means better than the naive one-step forecast on the training data. The intervals&apos; coverage is the share of test truths inside them.</source>
        <translation>测试集上的误差（以目标的单位计），包括模型和无需神经网络的预测方法；有用的模型应当全部胜过它们。MASE 小于 1 表示优于训练数据上的朴素一步预测。区间覆盖率是测试集真实值落在区间内的比例。</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>naive</source>
        <translation>朴素</translation>
    </message>
    <message>
        <source>seasonal naive</source>
        <translation>季节性朴素</translation>
    </message>
    <message>
        <source>drift</source>
        <translation>漂移</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Naive</source>
        <translation>朴素</translation>
    </message>
    <message>
        <source>Seasonal naive
(m=%1)</source>
        <translation>季节性朴素
(m=%1)</translation>
    </message>
    <message>
        <source>Drift</source>
        <translation>漂移</translation>
    </message>
    <message>
        <source>Linear AR</source>
        <translation>线性 AR</translation>
    </message>
    <message>
        <source>MAE</source>
        <translation>MAE</translation>
    </message>
    <message>
        <source>RMSE</source>
        <translation>RMSE</translation>
    </message>
    <message>
        <source>MAPE %</source>
        <translation>MAPE %</translation>
    </message>
    <message>
        <source>sMAPE %</source>
        <translation>sMAPE %</translation>
    </message>
    <message>
        <source>MASE</source>
        <translation>MASE</translation>
    </message>
    <message>
        <source>Directional accuracy %</source>
        <translation>方向准确率 %</translation>
    </message>
    <message>
        <source>%1% interval coverage %</source>
        <translation>%1% 区间覆盖率 %</translation>
    </message>
    <message>
        <source>%1% interval mean width</source>
        <translation>%1% 区间平均宽度</translation>
    </message>
    <message>
        <source>Share of the test split&apos;s truths inside the model&apos;s interval, calibrated on the validation split: close to the level means the interval is honest.</source>
        <translation>测试集真实值落在模型区间内的比例，区间在验证集上校准：越接近置信水平，说明区间越可信。</translation>
    </message>
    <message>
        <source>The %1 baseline beats the model on this test split (MAE %2 vs %3).</source>
        <translation>在此测试集上，%1基线优于模型（MAE：基线 %2，模型 %3）。</translation>
    </message>
</context>
<context>
    <name>studio::ForecastStepTable</name>
    <message>
        <source>The mean absolute error of each step of the horizon on the test split, in the target&apos;s units: step k is the forecast made k rows before the row it forecasts. The lowest of each step is in bold; click a step to show its metrics and its chart.</source>
        <translation>预测步长内每一步在测试集上的平均绝对误差（以目标列的单位计）：第 k 步指在被预测行之前 k 行做出的预测。每一步中的最低值以粗体显示；单击某一步可查看其指标和图表。</translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation>第 %1 步</translation>
    </message>
</context>
<context>
    <name>studio::ForecastWorkspace</name>
    <message>
        <source>&amp;Test split</source>
        <translation>测试集(&amp;T)</translation>
    </message>
    <message>
        <source>Metr&amp;ics</source>
        <translation>指标(&amp;I)</translation>
    </message>
    <message>
        <source>Forecast &amp;ahead</source>
        <translation>向前预测(&amp;A)</translation>
    </message>
    <message>
        <source>The test split&apos;s predictions against the truth, with their intervals</source>
        <translation>测试集上的预测值与真实值对比，附预测区间</translation>
    </message>
    <message>
        <source>Errors of the model and of the baselines on the test split, over all steps or step by step; how the intervals held</source>
        <translation>模型与各基线在测试集上的误差（全部时间步汇总或逐步查看），以及预测区间的实际覆盖情况</translation>
    </message>
    <message>
        <source>Forecasts past the last row of the data, with intervals</source>
        <translation>数据最后一行之后的预测，附预测区间</translation>
    </message>
    <message>
        <source>loss (MSE, scaled)</source>
        <translation>损失（MSE，缩放后）</translation>
    </message>
    <message numerus="yes">
        <source>Trained %n epoch(s) on %1; best epoch %2, validation loss %3. Test MAE %4 (naive %5).</source>
        <translation>
            <numerusform>已在 %1 上训练 %n 轮；最佳为第 %2 轮，验证损失 %3。测试集 MAE %4（朴素基线 %5）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Evaluated the saved model on %n test window(s): MAE %1 (naive %2).</source>
        <translation>
            <numerusform>已在 %n 个测试窗口上评估保存的模型：MAE %1（朴素基线 %2）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Opened project %1: %n epoch(s) trained, best epoch %2 (%3).</source>
        <translation>
            <numerusform>已打开项目 %1：已训练 %n 轮，最佳为第 %2 轮（%3）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Scaler: %1.</source>
        <translation>缩放方式：%1。</translation>
    </message>
    <message>
        <source>Scaler: %1, chosen automatically: %2.</source>
        <translation>缩放方式：%1（自动选择：%2）。</translation>
    </message>
</context>
<context>
    <name>studio::FutureForecastView</name>
    <message>
        <source>data row</source>
        <translation>数据行</translation>
    </message>
    <message>
        <source>date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Rows to forecast past the last row of the data. Past the model&apos;s horizon each step is forecast from the forecasts before it, and the intervals widen.</source>
        <translation>在数据最后一行之后要预测的行数。超出模型的预测步长后，每一步都基于此前的预测值进行预测，区间也会随之变宽。</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>步数：</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Forecast past the last row with the project&apos;s saved model</source>
        <translation>使用项目中已保存的模型，预测最后一行之后的值。</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Save the forecast and its intervals as a CSV file</source>
        <translation>将预测值及其区间保存为 CSV 文件。</translation>
    </message>
    <message>
        <source>Forecast past the last row</source>
        <translation>最后一行之后的预测</translation>
    </message>
    <message>
        <source>history</source>
        <translation>历史值</translation>
    </message>
    <message>
        <source>forecast (mean)</source>
        <translation>预测（均值）</translation>
    </message>
    <message>
        <source>Forecast the rows after the last one with the saved model: choose the steps and press Forecast.</source>
        <translation>使用已保存的模型预测最后一行之后的行：选择步数，然后点击“预测”。</translation>
    </message>
    <message numerus="yes">
        <source>This model has inputs besides its target, so it forecasts at most its horizon (%n row(s)) ahead.</source>
        <translation>
            <numerusform>该模型除目标列外还有其他输入，因此最多只能向前预测其预测步长（%n 行）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Train a model or open a project to forecast past the last row.</source>
        <translation>请训练模型或打开项目，以预测最后一行之后的值。</translation>
    </message>
    <message numerus="yes">
        <source>Forecasting %n step(s)…</source>
        <translation>
            <numerusform>正在预测 %n 步…</numerusform>
        </translation>
    </message>
    <message>
        <source>The forecast failed: %1</source>
        <translation>预测失败：%1</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>来自 %1</translation>
    </message>
    <message>
        <source>data row %1</source>
        <translation>数据行 %1</translation>
    </message>
    <message numerus="yes">
        <source>Forecast of %n step(s) (%1) after %2, where %3 was %4.</source>
        <translation>
            <numerusform>在 %2 之后预测了 %n 步（%1），该处 %3 为 %4。</numerusform>
        </translation>
    </message>
    <message>
        <source>, %1% interval %2 to %3</source>
        <translation>，%1% 区间为 %2 至 %3</translation>
    </message>
    <message numerus="yes">
        <source>The intervals come from %n validation forecast(s) of the last step.</source>
        <translation>
            <numerusform>区间基于最后一步的 %n 个验证集预测得出。</numerusform>
        </translation>
    </message>
    <message>
        <source>history (%1)</source>
        <translation>历史值（%1）</translation>
    </message>
    <message>
        <source>%1% interval</source>
        <translation>%1% 区间</translation>
    </message>
    <message>
        <source>There is no forecast to export: press Forecast first.</source>
        <translation>没有可导出的预测：请先点击“预测”。</translation>
    </message>
    <message>
        <source> forecast.csv</source>
        <translation> 预测.csv</translation>
    </message>
    <message>
        <source>Export Forecast</source>
        <translation>导出预测</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Forecast saved to %1.</source>
        <translation>预测已保存到 %1。</translation>
    </message>
    <message>
        <source>Cannot save the forecast: %1</source>
        <translation>无法保存预测：%1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>two sentences of one line</comment>
        <translation>%1%2</translation>
    </message>
    <message>
        <source>Step %1 (%2): %3%4.</source>
        <comment>%4: the intervals, each “, n% interval a to b”, or nothing</comment>
        <translation>第 %1 步（%2）：%3%4。</translation>
    </message>
</context>
<context>
    <name>studio::ImportanceDialog</name>
    <message>
        <source>Feature Importance</source>
        <translation>特征重要性</translation>
    </message>
    <message>
        <source>Each input column is shuffled across the test windows, the other columns kept; how much the test MAE rises, in the target&apos;s units, is the column&apos;s importance. A column the model ignores scores about zero; a negative score is noise.</source>
        <translation>在各测试窗口间逐一打乱每个输入列，其他列保持不变；测试 MAE 上升的幅度（以目标列的单位计）即为该列的重要性。模型忽略的列得分约为零；负分属于噪声。</translation>
    </message>
    <message>
        <source>Permutations per column: the bars show their mean, the whiskers one standard deviation.</source>
        <translation>每列的置换次数：柱形表示其均值，误差线表示一个标准差。</translation>
    </message>
    <message>
        <source>&amp;Compute</source>
        <translation>计算(&amp;C)</translation>
    </message>
    <message>
        <source>Permutations:</source>
        <translation>置换次数：</translation>
    </message>
    <message>
        <source>Permutation importance (test split)</source>
        <translation>置换重要性（测试集）</translation>
    </message>
    <message>
        <source>MAE increase when shuffled (target units)</source>
        <translation>打乱后 MAE 的增加量（目标列单位）</translation>
    </message>
    <message numerus="yes">
        <source>Shuffling each column %n time(s)…</source>
        <translation>
            <numerusform>正在将每列打乱 %n 次…</numerusform>
        </translation>
    </message>
    <message>
        <source>Importance failed: %1</source>
        <translation>特征重要性计算失败：%1</translation>
    </message>
    <message>
        <source>%1 matters most: shuffling it raises the test MAE by %2. Also in the project&apos;s metrics.json (importance).</source>
        <translation>%1 最重要：打乱该列会使测试 MAE 上升 %2。结果也已写入项目的 metrics.json（importance）。</translation>
    </message>
</context>
<context>
    <name>studio::IndicatorPanel</name>
    <message>
        <source>none (e.g. sma:10, ema:20, rsi:14, macd, logret)</source>
        <translation>无（例如 sma:10, ema:20, rsi:14, macd, logret）</translation>
    </message>
    <message>
        <source>Technical indicators added as model inputs, as --indicators takes them: kind[:N][@column], separated by commas. Each value reads only its own and earlier rows; the first rows, which lack that history, are dropped (the data report says how many).</source>
        <translation>作为模型输入添加的技术指标，格式与 --indicators 相同：kind[:N][@column]，以逗号分隔。每个值只使用当前行及之前的行；开头缺少所需历史数据的若干行会被丢弃（数据报告中会给出具体行数）。</translation>
    </message>
    <message>
        <source>The input column the indicator is computed from</source>
        <translation>用于计算该指标的输入列</translation>
    </message>
    <message>
        <source>Simple moving average of the last N rows</source>
        <translation>最近 N 行的简单移动平均</translation>
    </message>
    <message>
        <source>Exponential moving average, alpha 2/(N+1)</source>
        <translation>指数移动平均，alpha = 2/(N+1)</translation>
    </message>
    <message>
        <source>Relative strength index (Wilder), 0 to 100</source>
        <translation>相对强弱指数（Wilder），取值 0 到 100</translation>
    </message>
    <message>
        <source>MACD 12/26/9: the line and its histogram</source>
        <translation>MACD 12/26/9：MACD 线及其柱状图</translation>
    </message>
    <message>
        <source>Bollinger %B over N rows: 0 at the lower band, 1 at the upper</source>
        <translation>N 行布林带 %B：下轨处为 0，上轨处为 1</translation>
    </message>
    <message>
        <source>Log return: ln(x[t] / x[t-1])</source>
        <translation>对数收益率：ln(x[t] / x[t-1])</translation>
    </message>
    <message>
        <source>Volatility: standard deviation of the last N log returns</source>
        <translation>波动率：最近 N 个对数收益率的标准差</translation>
    </message>
    <message>
        <source>Volume z-score over N rows (the volume column by default)</source>
        <translation>N 行成交量的 Z 分数（默认使用成交量列）</translation>
    </message>
    <message>
        <source>N = </source>
        <translation>N = </translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>The indicator drawn below, computed on the file&apos;s rows</source>
        <translation>下方绘制的指标，基于文件中的行计算</translation>
    </message>
    <message>
        <source>Indicators:</source>
        <translation>技术指标：</translation>
    </message>
    <message>
        <source>Preview:</source>
        <translation>预览：</translation>
    </message>
    <message>
        <source>No indicators: the model reads the columns as they are.</source>
        <translation>未添加技术指标：模型直接读取各列的原始值。</translation>
    </message>
    <message numerus="yes">
        <source>The first %Ln row(s) lack the history the indicators need and are left out.</source>
        <translation>
            <numerusform>前 %Ln 行缺少指标所需的历史数据，已被排除。</numerusform>
        </translation>
    </message>
    <message>
        <source>indicator</source>
        <translation>指标</translation>
    </message>
</context>
<context>
    <name>studio::InspectDialog</name>
    <message>
        <source>Inspect the LSTM</source>
        <translation>检视 LSTM</translation>
    </message>
    <message>
        <source>A text to read</source>
        <translation>输入要送入模型的文本</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>文本：</translation>
    </message>
    <message>
        <source>The 0-based data row the window ends at, as in predictions.csv</source>
        <translation>窗口结束处的数据行（从 0 开始编号，与 predictions.csv 一致）</translation>
    </message>
    <message>
        <source>Window ending at data row:</source>
        <translation>窗口结束于数据行：</translation>
    </message>
    <message>
        <source>&amp;Inspect</source>
        <translation>检视(&amp;I)</translation>
    </message>
    <message>
        <source>The layer and direction whose gates the heatmaps show</source>
        <translation>热力图所显示的门所属的层和方向</translation>
    </message>
    <message>
        <source>&amp;Sort units by mean activation</source>
        <translation>按平均激活值排序单元(&amp;S)</translation>
    </message>
    <message>
        <source>Rows from the unit with the highest mean hidden state down, instead of unit order</source>
        <translation>各行按单元的隐藏状态均值从高到低排列，而不是按单元编号排列</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Move the mouse over a heatmap to read its values.</source>
        <translation>将鼠标移到热力图上即可查看数值。</translation>
    </message>
    <message>
        <source>Input gate i</source>
        <translation>输入门 i</translation>
    </message>
    <message>
        <source>Forget gate f</source>
        <translation>遗忘门 f</translation>
    </message>
    <message>
        <source>Candidate g</source>
        <translation>候选值 g</translation>
    </message>
    <message>
        <source>Output gate o</source>
        <translation>输出门 o</translation>
    </message>
    <message>
        <source>Cell state c</source>
        <translation>细胞状态 c</translation>
    </message>
    <message>
        <source>Hidden state h</source>
        <translation>隐藏状态 h</translation>
    </message>
    <message>
        <source>token</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>step</source>
        <translation>时间步</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>step %1 (%2), unit %3:</source>
        <translation>时间步 %1（%2），单元 %3：</translation>
    </message>
    <message>
        <source>Reading the input through the model…</source>
        <translation>正在将输入送入模型…</translation>
    </message>
    <message>
        <source>Inspect failed: %1</source>
        <translation>检视失败：%1</translation>
    </message>
    <message>
        <source>layer %1, %2</source>
        <translation>层 %1，%2</translation>
    </message>
    <message>
        <source>backward</source>
        <translation>反向</translation>
    </message>
    <message>
        <source>forward</source>
        <translation>前向</translation>
    </message>
    <message>
        <source>, so it keeps half of its cell for %1 step(s)</source>
        <translation>，即细胞状态约经 %1 个时间步衰减到一半</translation>
    </message>
    <message>
        <source>Layer %1 %2: mean forget gate %3 (first step %4, last %5)%6.</source>
        <comment>%6: “, so it keeps half of its cell for n step(s)”, or nothing</comment>
        <translation>层 %1（%2）：遗忘门均值 %3（首个时间步 %4，最后一个 %5）%6。</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>two sentences of one line</comment>
        <translation>%1%2</translation>
    </message>
    <message>
        <source>Model output: %1.</source>
        <translation>模型输出：%1。</translation>
    </message>
</context>
<context>
    <name>studio::JobDialog</name>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>正在启动</translation>
    </message>
</context>
<context>
    <name>studio::JobRunner</name>
    <message>
        <source>unexpected failure</source>
        <translation>意外失败</translation>
    </message>
</context>
<context>
    <name>studio::LivePlot</name>
    <message>
        <source>Wheel: zoom. Drag: pan. Double click: fit to the data again.</source>
        <translation>滚轮：缩放。拖动：平移。双击：重新适配数据范围。</translation>
    </message>
</context>
<context>
    <name>studio::MainActions</name>
    <message>
        <source>&amp;Open CSV…</source>
        <translation>打开 CSV(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a CSV file with a price or other numeric series</source>
        <translation>打开包含价格或其他数值序列的 CSV 文件</translation>
    </message>
    <message>
        <source>Open &amp;Text…</source>
        <translation>打开文本(&amp;T)…</translation>
    </message>
    <message>
        <source>Open labeled texts (.csv) to classify, or a plain text file for a character language model</source>
        <translation>打开带标签的文本（.csv）用于分类，或打开纯文本文件用于训练字符语言模型</translation>
    </message>
    <message>
        <source>Open &amp;Project…</source>
        <translation>打开项目(&amp;P)…</translation>
    </message>
    <message>
        <source>Open a project folder written by LSTM Studio or its CLI</source>
        <translation>打开由 LSTM Studio 或其命令行工具生成的项目文件夹</translation>
    </message>
    <message>
        <source>&amp;Save Project</source>
        <translation>保存项目(&amp;S)</translation>
    </message>
    <message>
        <source>Keep the trained model, history and predictions in a folder</source>
        <translation>将训练好的模型、训练历史和预测值保存到文件夹中</translation>
    </message>
    <message>
        <source>Save Project &amp;As…</source>
        <translation>项目另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Copy the project to another folder</source>
        <translation>将项目复制到另一个文件夹</translation>
    </message>
    <message>
        <source>&amp;Export ONNX…</source>
        <translation>导出 ONNX(&amp;E)…</translation>
    </message>
    <message>
        <source>Export the trained model to an ONNX file for ONNX Runtime</source>
        <translation>将训练好的模型导出为 ONNX 文件，供 ONNX Runtime 使用</translation>
    </message>
    <message>
        <source>Export C&amp;hart or Table…</source>
        <translation>导出图表或表格(&amp;H)…</translation>
    </message>
    <message>
        <source>Write the chart or table you clicked last (else the loss per epoch) as PNG, SVG or PDF, or as CSV; right-click a chart or table to export it directly</source>
        <translation>将最近点击的图表或表格（若没有，则为每轮损失图）导出为 PNG、SVG、PDF 或 CSV；也可右键单击图表或表格直接导出</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Quit LSTM Studio</source>
        <translation>退出 LSTM Studio</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>Train a new model on the data with the settings of the model panel</source>
        <translation>按模型面板中的设置，在当前数据上训练新模型</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Pause or resume the training run</source>
        <translation>暂停或继续本次训练</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>Stop training; the best model so far is kept</source>
        <translation>停止训练；保留目前为止最好的模型</translation>
    </message>
    <message>
        <source>&amp;Continue Training…</source>
        <translation>继续训练(&amp;C)…</translation>
    </message>
    <message>
        <source>Train the project&apos;s model further from its checkpoint, for as many more epochs as you choose</source>
        <translation>从检查点出发继续训练项目的模型，追加的轮数由你指定</translation>
    </message>
    <message>
        <source>&amp;Evaluate</source>
        <translation>评估(&amp;E)</translation>
    </message>
    <message>
        <source>Recompute the test metrics of the project&apos;s saved model</source>
        <translation>重新计算项目中已保存模型的测试指标</translation>
    </message>
    <message>
        <source>&amp;Forecast Ahead</source>
        <translation>向前预测(&amp;F)</translation>
    </message>
    <message>
        <source>Forecast past the last row of the data with the project&apos;s model, with intervals</source>
        <translation>用项目的模型从数据最后一行之后向前预测，并给出预测区间</translation>
    </message>
    <message>
        <source>Forecast From F&amp;ile…</source>
        <translation>从文件预测(&amp;I)…</translation>
    </message>
    <message>
        <source>Forecast past the last row of another CSV file that has the project&apos;s columns</source>
        <translation>对另一个与项目列相同的 CSV 文件，从其最后一行之后向前预测</translation>
    </message>
    <message>
        <source>Back&amp;test…</source>
        <translation>回测(&amp;T)…</translation>
    </message>
    <message>
        <source>Walk-forward backtest of the project&apos;s model against the naive, seasonal naive, drift and linear baselines</source>
        <translation>对项目的模型做滚动前推回测，并与朴素、季节性朴素、漂移和线性基线比较</translation>
    </message>
    <message>
        <source>Feature &amp;Importance…</source>
        <translation>特征重要性(&amp;I)…</translation>
    </message>
    <message>
        <source>How much the test error rises when each input column is shuffled (permutation importance)</source>
        <translation>逐一打乱各输入列时测试误差上升多少（置换重要性）</translation>
    </message>
    <message>
        <source>I&amp;nspect…</source>
        <translation>检视(&amp;N)…</translation>
    </message>
    <message>
        <source>The gates and states inside the LSTM for one window or text, as heatmaps</source>
        <translation>以热力图显示 LSTM 处理某个窗口或文本时内部的门和状态</translation>
    </message>
    <message>
        <source>&amp;Quantize…</source>
        <translation>量化(&amp;Q)…</translation>
    </message>
    <message>
        <source>Quantize the project&apos;s model to int8 and compare it with the fp32 model</source>
        <translation>将项目的模型量化为 int8，并与 fp32 模型比较</translation>
    </message>
    <message>
        <source>&amp;Benchmark…</source>
        <translation>基准测试(&amp;B)…</translation>
    </message>
    <message>
        <source>Measure prediction latency and training speed of each inference backend</source>
        <translation>测量各推理后端的预测延迟和训练速度</translation>
    </message>
    <message>
        <source>S&amp;weep…</source>
        <translation>参数扫描(&amp;W)…</translation>
    </message>
    <message>
        <source>Train a grid of settings as runs of the project and keep the best current</source>
        <translation>按设置网格逐一训练，作为项目的运行记录保存，并将最优的一次设为当前</translation>
    </message>
    <message>
        <source>&amp;Auto Search…</source>
        <translation>自动搜索(&amp;A)…</translation>
    </message>
    <message>
        <source>Search window, hidden units, layers and learning rate as train --auto does, and keep the run of the lowest validation loss current</source>
        <translation>像 train --auto 一样搜索窗口、隐藏单元、层数和学习率，并将验证损失最低的运行设为当前</translation>
    </message>
    <message>
        <source>&amp;About LSTM Studio</source>
        <translation>关于 LSTM Studio(&amp;A)</translation>
    </message>
    <message>
        <source>Versions of LSTM Studio and its libraries</source>
        <translation>LSTM Studio 及其所用库的版本</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>Qt&apos;s own about box</source>
        <translation>Qt 自带的“关于”对话框</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
</context>
<context>
    <name>studio::MainWindow</name>
    <message>
        <source>Cannot create a temporary project folder; training will fail until you save the project to a folder.</source>
        <translation>无法创建临时项目文件夹；在将项目保存到某个文件夹之前，训练都会失败。</translation>
    </message>
    <message>
        <source>Trainin&amp;g</source>
        <translation>训练(&amp;G)</translation>
    </message>
    <message>
        <source>Res&amp;ults</source>
        <translation>结果(&amp;U)</translation>
    </message>
    <message>
        <source>Loss, gradient norm and learning rate of the training run</source>
        <translation>本次训练的损失、梯度范数和学习率</translation>
    </message>
    <message>
        <source>The trained model&apos;s predictions, metrics and forecasts</source>
        <translation>已训练模型的预测值、评估指标和向前预测结果</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Reading %1 was cancelled; nothing changed.</source>
        <translation>已取消读取 %1，未做任何更改。</translation>
    </message>
    <message>
        <source>Cannot train yet: %1</source>
        <translation>暂时无法训练：%1</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>无数据</translation>
    </message>
    <message>
        <source>unsaved project</source>
        <translation>未保存的项目</translation>
    </message>
    <message>
        <source>%1 — %2 — LSTM Studio</source>
        <translation>%1 — %2 — LSTM Studio</translation>
    </message>
    <message>
        <source>opening %1</source>
        <translation>打开 %1</translation>
    </message>
    <message>
        <source>Project saved to %1. Training now adds its runs there.</source>
        <translation>项目已保存到 %1。此后训练产生的运行记录都会添加到该文件夹中。</translation>
    </message>
    <message>
        <source>There is no checkpoint to continue from: train a model or open a project first.</source>
        <translation>没有可供继续训练的检查点：请先训练模型或打开项目。</translation>
    </message>
    <message>
        <source>Continue Training needs at least one more epoch.</source>
        <translation>继续训练至少需要再训练 1 轮。</translation>
    </message>
    <message>
        <source>There is no trained model to evaluate: train a model or open a project first.</source>
        <translation>没有可评估的已训练模型：请先训练模型或打开项目。</translation>
    </message>
    <message>
        <source>&lt;p&gt;Wrote &lt;b&gt;%1&lt;/b&gt; (%2 KiB).&lt;/p&gt;</source>
        <translation>&lt;p&gt;已写入 &lt;b&gt;%1&lt;/b&gt;（%2 KiB）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;ONNX IR %1, opset %2, %3 nodes:</source>
        <translation>&lt;p&gt;ONNX IR %1，opset %2，共 %3 个节点：</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>&lt;p&gt;Checker: %1&lt;/p&gt;</source>
        <translation>&lt;p&gt;ONNX 检查器：%1&lt;/p&gt;</translation>
    </message>
    <message>
        <source>ONNX export failed: %1</source>
        <translation>ONNX 导出失败：%1</translation>
    </message>
    <message>
        <source>ONNX export</source>
        <translation>ONNX 导出</translation>
    </message>
    <message>
        <source>Wrote %1.</source>
        <translation>已写入 %1。</translation>
    </message>
    <message>
        <source>Open CSV</source>
        <translation>打开 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.tsv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open Text</source>
        <translation>打开文本</translation>
    </message>
    <message>
        <source>Texts (*.csv *.txt *.text *.md);;Labeled texts (*.csv);;Plain text for a language model (*.txt);;All files (*)</source>
        <translation>文本 (*.csv *.txt *.text *.md);;带标签的文本 (*.csv);;用于语言模型的纯文本 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>LSTM Studio</source>
        <translation>LSTM Studio</translation>
    </message>
    <message>
        <source>The trained model is not saved. Save it before %1?</source>
        <translation>训练好的模型尚未保存。是否在%1之前保存？</translation>
    </message>
    <message>
        <source>training on other data</source>
        <translation>用其他数据训练</translation>
    </message>
    <message>
        <source>The project is saved in %1: training writes there directly.</source>
        <translation>项目已保存在 %1 中：训练结果会直接写入该文件夹。</translation>
    </message>
    <message>
        <source>project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>%1 project</source>
        <translation>%1 项目</translation>
    </message>
    <message>
        <source>Save Project As</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <source>Project folders (*)</source>
        <translation>项目文件夹 (*)</translation>
    </message>
    <message>
        <source>quitting</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>There is no forecasting model: train one or open a forecast project first.</source>
        <translation>没有可用的预测模型：请先训练一个模型，或打开一个预测项目。</translation>
    </message>
    <message>
        <source>Forecast From File</source>
        <translation>从文件预测</translation>
    </message>
    <message>
        <source>The forecast failed: %1</source>
        <translation>预测失败：%1</translation>
    </message>
    <message>
        <source>Training stopped before the first epoch ended; the project keeps the model it had before.</source>
        <translation>训练在第 1 轮结束前就已停止；项目保留原有的模型。</translation>
    </message>
    <message>
        <source>Training stopped before the first epoch ended; nothing was saved.</source>
        <translation>训练在第 1 轮结束前就已停止；未保存任何内容。</translation>
    </message>
    <message>
        <source>The model options hold the chosen run&apos;s settings: Train starts a run from them.</source>
        <translation>模型选项已载入所选运行的设置：点击“训练”即按这些设置开始新的运行。</translation>
    </message>
    <message>
        <source>Run %1 repeats %2 exactly: every epoch&apos;s losses and every test metric are the same.</source>
        <translation>运行 %1 完全复现了 %2：每一轮的损失和所有测试指标都相同。</translation>
    </message>
    <message>
        <source>Run %1 differs from %2: %3.</source>
        <translation>运行 %1 与 %2 不同：%3。</translation>
    </message>
    <message>
        <source>Sweeps run lstm-studio-cli, which is not beside this program nor on the PATH.</source>
        <translation>参数扫描需要运行 lstm-studio-cli，但在本程序所在目录和 PATH 中均未找到它。</translation>
    </message>
    <message>
        <source>The translation into %1 could not be loaded.</source>
        <translation>无法载入%1翻译。</translation>
    </message>
    <message numerus="yes">
        <source>Stopped early: the validation loss did not improve for %n epoch(s); the weights of epoch %1 were kept.</source>
        <translation>
            <numerusform>已早停：验证损失连续 %n 轮没有改善；保留了第 %1 轮的权重。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %n epoch(s); the weights of epoch %1 were kept.</source>
        <translation>
            <numerusform>训练 %n 轮后已取消；保留了第 %1 轮的权重。</numerusform>
        </translation>
    </message>
    <message>
        <source>The validation loss is not finite after epoch %1; the best weights so far were kept. Try a lower learning rate (1e-4), a gradient clip of 1.0, or look for outliers in the data.</source>
        <translation>第 %1 轮后验证损失不是有限值；已保留目前最好的权重。请尝试更低的学习率（1e-4）、将梯度裁剪设为 1.0，或检查数据中的离群值。</translation>
    </message>
</context>
<context>
    <name>studio::MessageBar</name>
    <message>
        <source>Dismiss this message</source>
        <translation>关闭此消息</translation>
    </message>
</context>
<context>
    <name>studio::ModelPanel</name>
    <message>
        <source>Windows and split</source>
        <translation>窗口与划分</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>&amp;Window</source>
        <translation>窗口(&amp;W)</translation>
    </message>
    <message>
        <source>Input rows per sample: how far back the model looks. 30–60 rows suit daily prices.</source>
        <translation>每个样本的输入行数，即模型向前回看多远。日线价格通常取 30–60 行。</translation>
    </message>
    <message>
        <source>&amp;Horizon</source>
        <translation>预测步长(&amp;H)</translation>
    </message>
    <message>
        <source>Future rows predicted from each window.</source>
        <translation>每个窗口向后预测的行数。</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>步幅</translation>
    </message>
    <message>
        <source>Rows between the starts of consecutive windows; 1 uses every window.</source>
        <translation>相邻两个窗口起点之间相隔的行数；取 1 时使用所有窗口。</translation>
    </message>
    <message>
        <source>Chronological split: the model trains on the first rows, is checked on the next and tested on the last. The three fractions must add up to 1.</source>
        <translation>按时间顺序划分：模型在最前面的行上训练，在随后的行上验证，在最后的行上测试。三个比例之和必须为 1。</translation>
    </message>
    <message>
        <source>Train fraction</source>
        <translation>训练集比例</translation>
    </message>
    <message>
        <source>Validation fraction</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <source>Test fraction</source>
        <translation>测试集比例</translation>
    </message>
    <message>
        <source>&amp;Scaler</source>
        <translation>缩放方式(&amp;S)</translation>
    </message>
    <message>
        <source>Scaling of inputs and target, fitted on the training split only so the test split stays unseen. Relative expresses each window against its own last row: use it for prices that leave the training range, such as an index that keeps rising. Automatic picks relative for a positive series that trends or leaves its training range, z-score otherwise; the data report says which and why, and the project records it.</source>
        <translation>输入和目标的缩放方式，仅在训练集上拟合，确保测试集对模型始终不可见。“相对”以每个窗口自身的最后一行为基准来表示该窗口：适用于会超出训练范围的价格，例如持续上涨的指数。“自动”在序列取值为正且有趋势或超出训练范围时选择“相对”，否则选择 Z 分数；数据报告会说明选了哪种及原因，项目中也会记录下来。</translation>
    </message>
    <message>
        <source>&amp;Calendar inputs</source>
        <translation>日历特征(&amp;C)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>from the time column&apos;s frequency</source>
        <translation>按时间列的频率</translation>
    </message>
    <message>
        <source>month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>weekday and month</source>
        <translation>星期和月份</translation>
    </message>
    <message>
        <source>hour and weekday</source>
        <translation>小时和星期</translation>
    </message>
    <message>
        <source>Extra inputs from each row&apos;s date: the month of the year, the day of the week or the hour of the day, as a sine and cosine so December sits next to January. They help seasonal series, and since they are known for future dates, the model can still forecast past its horizon. Needs a date column; automatic picks the month for monthly, quarterly and weekly data, weekday and month for daily data, hour and weekday below a day.</source>
        <translation>由每行日期派生的额外输入：一年中的月份、一周中的星期几或一天中的小时，以正弦和余弦编码，使十二月与一月相邻。它们对季节性序列有帮助；而且由于未来日期的这些值是已知的，模型仍可预测到预测步长之外。需要日期列；自动选择时，月度、季度和周度数据使用月份，日度数据使用星期和月份，不足一天的数据使用小时和星期。</translation>
    </message>
    <message>
        <source>Missing values</source>
        <translation>缺失值</translation>
    </message>
    <message>
        <source>drop the row</source>
        <translation>删除该行</translation>
    </message>
    <message>
        <source>fill from the row above</source>
        <translation>用上一行填充</translation>
    </message>
    <message>
        <source>What to do with empty or unparsable cells in the used columns.</source>
        <translation>所用列中出现空单元格或无法解析的单元格时如何处理。</translation>
    </message>
    <message>
        <source>Repeated times</source>
        <translation>重复时间</translation>
    </message>
    <message>
        <source>refuse the file</source>
        <translation>拒绝该文件</translation>
    </message>
    <message>
        <source>keep the last row of each time</source>
        <translation>每个时间保留最后一行</translation>
    </message>
    <message>
        <source>keep the first row of each time</source>
        <translation>每个时间保留第一行</translation>
    </message>
    <message>
        <source>Rows whose time repeats the row before&apos;s (a corrected quote, a day listed twice): the file is refused, or one row per time is used and the others are left out (the data report counts them).</source>
        <translation>时间与上一行相同的行（例如更正过的报价、重复列出的同一天）：要么拒绝该文件，要么每个时间只使用一行、舍弃其余各行（数据报告会统计舍弃的行数）。</translation>
    </message>
    <message>
        <source>&amp;Preset</source>
        <translation>预设(&amp;P)</translation>
    </message>
    <message>
        <source>The article&apos;s presets; choosing one fills the fields below.</source>
        <translation>文章中给出的预设；选择后会自动填写下方各项。</translation>
    </message>
    <message>
        <source>small (64 units, 1 layer)</source>
        <translation>小（64 个单元，1 层）</translation>
    </message>
    <message>
        <source>medium (128 units, 2 layers)</source>
        <translation>中（128 个单元，2 层）</translation>
    </message>
    <message>
        <source>large (256 units, 3 layers, BiLSTM)</source>
        <translation>大（256 个单元，3 层，BiLSTM）</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Hidden units</source>
        <translation>隐藏单元</translation>
    </message>
    <message>
        <source>LSTM units per direction. 64–128 suit simple tasks such as one price series; 256–512 complex ones. More units learn more and overfit sooner.</source>
        <translation>每个方向的 LSTM 单元数。64–128 适合简单任务，例如单个价格序列；256–512 适合复杂任务。单元越多，学习能力越强，但也越早出现过拟合。</translation>
    </message>
    <message>
        <source>&amp;Layers</source>
        <translation>层数(&amp;L)</translation>
    </message>
    <message>
        <source>Stacked LSTM layers. 2–3 are usually enough; past 4, deep stacks need residual connections to train well.</source>
        <translation>堆叠的 LSTM 层数。通常 2–3 层就够了；超过 4 层时，深层堆叠需要残差连接才能训练好。</translation>
    </message>
    <message>
        <source>&amp;Dropout</source>
        <translation>Dropout(&amp;D)</translation>
    </message>
    <message>
        <source>Dropout between LSTM layers against overfitting; 0.1–0.3 is the usual range. No effect with a single layer.</source>
        <translation>LSTM 层之间的 Dropout，用于抑制过拟合；常用范围为 0.1–0.3。只有一层时不起作用。</translation>
    </message>
    <message>
        <source>Bidirectional (BiLSTM)</source>
        <translation>双向（BiLSTM）</translation>
    </message>
    <message>
        <source>Also reads each window backwards. Helps with text, where the whole sentence is known; not for forecasting, where the future is not.</source>
        <translation>同时反向读取每个窗口。适用于文本，因为整句话是已知的；不适用于预测，因为未来是未知的。</translation>
    </message>
    <message>
        <source>Residual connections</source>
        <translation>残差连接</translation>
    </message>
    <message>
        <source>Each LSTM layer after the first adds its input to its output, so deep stacks (more than 4 layers) still train. Forecasts only.</source>
        <translation>第一层之后的每个 LSTM 层都会把自身的输入加到输出上，使深层堆叠（超过 4 层）仍能训练。仅适用于预测任务。</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>输出头</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>MLP (32 units)</source>
        <translation>MLP（32 个单元）</translation>
    </message>
    <message>
        <source>The layer on the last step&apos;s features: a linear map, or a small two-layer network.</source>
        <translation>作用于最后一个时间步特征的层：线性映射，或一个小型两层网络。</translation>
    </message>
    <message>
        <source>&amp;Epochs</source>
        <translation>训练轮数(&amp;E)</translation>
    </message>
    <message>
        <source>Passes over the training windows. Early stopping may end sooner.</source>
        <translation>遍历全部训练窗口的轮数。早停可能会让训练提前结束。</translation>
    </message>
    <message>
        <source>&amp;Batch size</source>
        <translation>批大小(&amp;B)</translation>
    </message>
    <message>
        <source>Windows per gradient step. 32–128 is typical; larger is faster per epoch but may generalise worse.</source>
        <translation>每个梯度步使用的窗口数。通常取 32–128；越大每轮越快，但泛化能力可能变差。</translation>
    </message>
    <message>
        <source>&amp;Optimizer</source>
        <translation>优化器(&amp;O)</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>AdamW</source>
        <translation>AdamW</translation>
    </message>
    <message>
        <source>SGD with momentum</source>
        <translation>带动量的 SGD</translation>
    </message>
    <message>
        <source>Adam is the safe default for LSTMs; AdamW adds decoupled weight decay.</source>
        <translation>Adam 是训练 LSTM 的稳妥默认选择；AdamW 在其基础上加入解耦的权重衰减。</translation>
    </message>
    <message>
        <source>Learning &amp;rate</source>
        <translation>学习率(&amp;R)</translation>
    </message>
    <message>
        <source>Learning rate, e.g. 0.001 (1e-3) for Adam. Too high makes the loss jump or diverge.</source>
        <translation>学习率，例如 Adam 取 0.001（1e-3）。过高会使损失剧烈跳动甚至发散。</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>余弦退火</translation>
    </message>
    <message>
        <source>step (×0.1 every 10 epochs)</source>
        <translation>阶梯（每 10 轮 ×0.1）</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>How the learning rate changes over the epochs.</source>
        <translation>学习率随训练轮数变化的方式。</translation>
    </message>
    <message>
        <source>Gradient clip</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>Largest total gradient norm; larger gradients are scaled down. Guards LSTMs against exploding gradients. 0 turns clipping off.</source>
        <translation>总梯度范数的上限；超过上限的梯度会被按比例缩小，以防止 LSTM 梯度爆炸。设为 0 时关闭梯度裁剪。</translation>
    </message>
    <message>
        <source>Patience</source>
        <translation>耐心轮数</translation>
    </message>
    <message>
        <source>Epochs without a better validation loss before training stops; 0 never stops early.</source>
        <translation>验证损失连续多少轮未改善后停止训练；设为 0 时从不早停。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Seed of every random generator: the same seed and settings give the same model.</source>
        <translation>所有随机数生成器的种子：相同的随机种子和设置会得到相同的模型。</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程数</translation>
    </message>
    <message numerus="yes">
        <source>LibTorch threads; 0 picks a count that leaves room for the interface (%n core(s) here).</source>
        <translation>
            <numerusform>LibTorch 线程数；设为 0 时自动选择一个数量，为界面留出余量（本机有 %n 个核心）。</numerusform>
        </translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>De&amp;vice</source>
        <translation>设备(&amp;V)</translation>
    </message>
    <message>
        <source>Where to train; automatic picks the GPU.</source>
        <translation>训练所用的设备；“自动”会选择 GPU。</translation>
    </message>
    <message>
        <source>Where to train. No CUDA GPU is available to this build.</source>
        <translation>训练所用的设备。当前构建无法使用 CUDA GPU。</translation>
    </message>
    <message>
        <source>z-score</source>
        <translation>Z 分数</translation>
    </message>
    <message>
        <source>min–max</source>
        <translation>最小–最大</translation>
    </message>
    <message>
        <source>relative to each window&apos;s last row</source>
        <translation>相对每个窗口的最后一行</translation>
    </message>
    <message>
        <source>Train, validation and test fractions add up to %1; they must add up to 1.</source>
        <translation>训练集、验证集和测试集比例之和为 %1，而它们之和必须为 1。</translation>
    </message>
    <message>
        <source>Learning rate must be a number above 0 and at most 10, such as 0.001 or 1e-3 (got &apos;%1&apos;).</source>
        <translation>学习率必须是大于 0 且不超过 10 的数，例如 0.001 或 1e-3（当前为“%1”）。</translation>
    </message>
    <message>
        <source>Dropout acts between LSTM layers: with one layer it has no effect.</source>
        <translation>Dropout 作用于 LSTM 层之间：只有一层时不起作用。</translation>
    </message>
    <message>
        <source>Past 4 layers, stacked LSTMs train poorly without residual connections (turn them on below); 2–3 layers are usually enough.</source>
        <translation>超过 4 层时，堆叠的 LSTM 若没有残差连接会很难训练（可在下方开启）；通常 2–3 层就够了。</translation>
    </message>
    <message>
        <source>Residual connections skip around the layers after the first: with one layer they have no effect.</source>
        <translation>残差连接跨接第一层之后的各层：只有一层时不起作用。</translation>
    </message>
    <message>
        <source>A BiLSTM reads each window backwards too: right for text, but it adds cost without adding anything for forecasting.</source>
        <translation>BiLSTM 还会反向读取每个窗口：适合文本，但用于预测只会增加开销，毫无益处。</translation>
    </message>
    <message>
        <source>More than 512 units rarely helps and trains slowly.</source>
        <translation>超过 512 个单元很少有帮助，而且训练缓慢。</translation>
    </message>
    <message>
        <source>Dropout above 0.5 usually hinders learning; 0.1–0.3 is typical.</source>
        <translation>Dropout 高于 0.5 通常会妨碍学习；一般取 0.1–0.3。</translation>
    </message>
</context>
<context>
    <name>studio::OnnxExportDialog</name>
    <message>
        <source>Export ONNX</source>
        <translation>导出 ONNX</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>The ai.onnx operator set the file declares (%1 to %2; %3 by default, as torch.onnx.export of PyTorch 1.13 writes). Older runtimes load only the opsets they know.</source>
        <translation>文件所声明的 ai.onnx 算子集版本（%1 至 %2；默认为 %3，与 PyTorch 1.13 的 torch.onnx.export 写出的一致）。较旧的运行时只能加载其支持的 opset。</translation>
    </message>
    <message>
        <source>&amp;Int8 LSTM weights (DynamicQuantizeLSTM; runs in ONNX Runtime only)</source>
        <translation>Int8 LSTM 权重（DynamicQuantizeLSTM；仅能在 ONNX Runtime 中运行）(&amp;I)</translation>
    </message>
    <message>
        <source>About a quarter of the size: the LSTM weights as int8, one scale per gate unit, activations quantized at run time; the scaler, head and biases stay float32.</source>
        <translation>文件大小约为原来的四分之一：LSTM 权重以 int8 存储，每个门单元一个缩放因子，激活值在运行时量化；缩放方式参数、输出头和偏置仍为 float32。</translation>
    </message>
    <message>
        <source>Text models export in float32 only.</source>
        <translation>文本模型只能以 float32 导出。</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Opset:</source>
        <translation>Opset(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
</context>
<context>
    <name>studio::ParallelCoordinates</name>
    <message>
        <source>Validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>%1 (log)</source>
        <translation>%1（对数）</translation>
    </message>
</context>
<context>
    <name>studio::PredictionView</name>
    <message>
        <source>Test split: predictions against the truth</source>
        <translation>测试集：预测值与真实值对比</translation>
    </message>
    <message>
        <source>truth</source>
        <translation>真实值</translation>
    </message>
    <message>
        <source>prediction (1 step ahead)</source>
        <translation>预测值（向前 1 步）</translation>
    </message>
    <message>
        <source>Residuals: the truth minus the prediction at each time.</source>
        <translation>残差：每个时刻的真实值减去预测值。</translation>
    </message>
    <message>
        <source>Which step of the horizon the chart, the residuals and the bands show: step k is the forecast made k rows before the row it forecasts.</source>
        <translation>图表、残差和区间带所显示的是预测步长中的哪一步：第 k 步指在被预测行之前 k 行时做出的预测。</translation>
    </message>
    <message>
        <source>Show step:</source>
        <translation>显示步：</translation>
    </message>
    <message>
        <source>The metrics over every step of the horizon, or those of one step alone: step k is the forecast made k rows before the row it forecasts. The chart follows the step chosen here, and this choice follows the chart&apos;s step.</source>
        <translation>显示预测步长内所有步的指标，或仅显示某一步的指标：第 k 步指在被预测行之前 k 行时做出的预测。图表会跟随此处选择的步，此处的选择也会跟随图表所显示的步。</translation>
    </message>
    <message>
        <source>Metrics of:</source>
        <translation>指标范围：</translation>
    </message>
    <message>
        <source>MAE by step</source>
        <translation>各步 MAE</translation>
    </message>
    <message>
        <source>Move the mouse over the chart to read values; click a point to look inside the model at the window that forecast it.</source>
        <translation>将鼠标移到图表上可读取数值；点击某个点，可检视模型在预测该点所用窗口上的内部状态。</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>residual</source>
        <translation>残差</translation>
    </message>
    <message>
        <source> of %1</source>
        <translation> / %1</translation>
    </message>
    <message>
        <source>The model mostly copies the last value: its predictions match the truth one step earlier (MAE %1) better than the truth they forecast (MAE %2). Try more epochs, other features, or predicting changes instead of levels.</source>
        <translation>模型基本上只是在复制上一个值：其预测值与前一步真实值的吻合程度（MAE %1）高于与所预测真实值的吻合程度（MAE %2）。可以尝试增加训练轮数、换用其他特征，或改为预测变化量而非绝对水平。</translation>
    </message>
    <message>
        <source>prediction, step %1</source>
        <translation>预测值，第 %1 步</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source>%1% interval</source>
        <translation>%1% 区间</translation>
    </message>
    <message>
        <source>All steps</source>
        <translation>所有步</translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source>No predictions yet: train a model or open a project.</source>
        <translation>尚无预测：请训练模型或打开项目。</translation>
    </message>
    <message numerus="yes">
        <source>%n test window(s), horizon %1.</source>
        <translation>
            <numerusform>%n 个测试窗口，预测步长 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Model MAE is %1% below the naive forecast&apos;s.</source>
        <translation>模型的 MAE 比朴素预测低 %1%。</translation>
    </message>
    <message>
        <source>Model MAE is %1× the naive forecast&apos;s: the naive forecast is better.</source>
        <translation>模型的 MAE 是朴素预测的 %1 倍：朴素预测更好。</translation>
    </message>
    <message>
        <source>%1: truth %2, predicted %3, error %4</source>
        <translation>%1：真实值 %2，预测值 %3，误差 %4</translation>
    </message>
    <message>
        <source>; %1%: %2 to %3</source>
        <translation>；%1%：%2 至 %3</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>two sentences of one line</comment>
        <translation>%1%2</translation>
    </message>
</context>
<context>
    <name>studio::QuantizeDialog</name>
    <message>
        <source>Quantize to int8</source>
        <translation>量化为 int8</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>fp32</source>
        <translation>fp32</translation>
    </message>
    <message>
        <source>int8</source>
        <translation>int8</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差值</translation>
    </message>
    <message>
        <source>Test predictions (first horizon step)</source>
        <translation>测试集预测值（预测步长的第 1 步）</translation>
    </message>
    <message>
        <source>Quantization failed: %1</source>
        <translation>量化失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>Done: %n test text(s).</source>
        <translation>
            <numerusform>完成：%n 条测试文本。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Done: %n test character(s).</source>
        <translation>
            <numerusform>完成：%n 个测试字符。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Done: %n test window(s), horizon %1.</source>
        <translation>
            <numerusform>完成：%n 个测试窗口，预测步长 %1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n window(s) ran layer 0 in fp32 (input beyond the calibrated range).</source>
        <translation>
            <numerusform>%n 个窗口的第 0 层以 fp32 运行（输入超出校准范围）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>Weights: fp32 %1 bytes, int8 %2 bytes (%3 of fp32, %4× smaller)</source>
        <translation>权重：fp32 %1 字节，int8 %2 字节（为 fp32 的 %3，缩小 %4 倍）</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节数</translation>
    </message>
    <message>
        <source>Bits per character</source>
        <translation>每字符比特数</translation>
    </message>
    <message>
        <source>Largest |int8 − fp32| logit</source>
        <translation>最大 |int8 − fp32|（logit）</translation>
    </message>
    <message>
        <source>Accuracy (%)</source>
        <translation>准确率 (%)</translation>
    </message>
    <message>
        <source>Macro F1 (%)</source>
        <translation>宏平均 F1 (%)</translation>
    </message>
    <message>
        <source>Same class (%)</source>
        <translation>类别一致率 (%)</translation>
    </message>
    <message>
        <source>Largest |int8 − fp32| probability</source>
        <translation>最大 |int8 − fp32|（概率）</translation>
    </message>
    <message>
        <source>MAE</source>
        <translation>MAE</translation>
    </message>
    <message>
        <source>RMSE</source>
        <translation>RMSE</translation>
    </message>
    <message>
        <source>MAPE (%)</source>
        <translation>MAPE (%)</translation>
    </message>
    <message>
        <source>sMAPE (%)</source>
        <translation>sMAPE (%)</translation>
    </message>
    <message>
        <source>MASE</source>
        <translation>MASE</translation>
    </message>
    <message>
        <source>Directional accuracy (%)</source>
        <translation>方向准确率 (%)</translation>
    </message>
    <message>
        <source>RMSE change (%)</source>
        <translation>RMSE 变化 (%)</translation>
    </message>
    <message>
        <source>Largest |int8 − fp32|</source>
        <translation>最大 |int8 − fp32|</translation>
    </message>
    <message>
        <source>Truth</source>
        <translation>真实值</translation>
    </message>
    <message>
        <source>Data row</source>
        <translation>数据行</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>two sentences of one line</comment>
        <translation>%1%2</translation>
    </message>
</context>
<context>
    <name>studio::RecentFilesMenu</name>
    <message>
        <source>&amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>%1 (project)</source>
        <translation>%1（项目）</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>没有最近打开的文件</translation>
    </message>
    <message>
        <source>&amp;Clear Recent</source>
        <translation>清除最近记录(&amp;C)</translation>
    </message>
</context>
<context>
    <name>studio::RunsPanel</name>
    <message>
        <source>Filter: id, status, setting or note</source>
        <translation>筛选：ID、状态、设置或备注</translation>
    </message>
    <message>
        <source>Make Current</source>
        <translation>设为当前</translation>
    </message>
    <message>
        <source>Make the selected run the project&apos;s current one: its model, predictions and results are the ones shown, evaluated, quantized and exported</source>
        <translation>将所选运行设为项目的当前运行：之后显示、评估、量化和导出的都将是它的模型、预测值和结果</translation>
    </message>
    <message>
        <source>Use These Settings</source>
        <translation>使用这些设置</translation>
    </message>
    <message>
        <source>Fill the model options with the selected run&apos;s settings, to train from them</source>
        <translation>用所选运行的设置填充模型选项，以便据此训练</translation>
    </message>
    <message>
        <source>Rerun</source>
        <translation>重新运行</translation>
    </message>
    <message>
        <source>Train the selected run again from its record, as a new run, and say whether it matches</source>
        <translation>按记录重新训练所选运行（作为一次新运行），并报告结果是否一致</translation>
    </message>
    <message>
        <source>Star</source>
        <translation>星标</translation>
    </message>
    <message>
        <source>Star or unstar the selected runs</source>
        <translation>为所选运行添加或取消星标</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Delete the selected runs and their files (asks first)</source>
        <translation>删除所选运行及其文件（会先确认）</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>test prediction</source>
        <translation>测试集预测值</translation>
    </message>
    <message>
        <source>Delete Runs</source>
        <translation>删除运行记录</translation>
    </message>
    <message>
        <source>The runs cannot be read: %1</source>
        <translation>无法读取运行记录：%1</translation>
    </message>
    <message>
        <source>★</source>
        <translation>★</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <source>Val loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Test %1</source>
        <translation>测试 %1</translation>
    </message>
    <message>
        <source>direction %</source>
        <translation>方向准确率 %</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Starred</source>
        <translation>已加星标</translation>
    </message>
    <message>
        <source>%1 run</source>
        <translation>来源：%1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>来源：%1（基于 %2）</translation>
    </message>
    <message>
        <source> (current)</source>
        <translation> （当前）</translation>
    </message>
    <message>
        <source>truth</source>
        <translation>真实值</translation>
    </message>
    <message>
        <source>Run %1 cannot be made current: %2</source>
        <translation>无法将运行 %1 设为当前：%2</translation>
    </message>
    <message>
        <source>The settings of run %1 cannot be read: %2</source>
        <translation>无法读取运行 %1 的设置：%2</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n run(s) (%1) and every file in their folders? This cannot be undone.</source>
        <translation>
            <numerusform>删除 %n 个运行（%1）及其文件夹中的所有文件？此操作无法撤销。</numerusform>
        </translation>
    </message>
    <message>
        <source>The note of run %1 was not saved: %2</source>
        <translation>运行 %1 的备注未保存：%2</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>已早停</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
</context>
<context>
    <name>studio::SweepDialog</name>
    <message>
        <source>Sweep</source>
        <translation>参数扫描</translation>
    </message>
    <message>
        <source>cannot run %1: %2</source>
        <translation>无法运行 %1：%2</translation>
    </message>
    <message>
        <source>The sweep failed: %1</source>
        <translation>参数扫描失败：%1</translation>
    </message>
    <message>
        <source>Settings to sweep</source>
        <translation>要扫描的设置</translation>
    </message>
    <message>
        <source>(unused)</source>
        <translation>（未使用）</translation>
    </message>
    <message>
        <source>values separated by commas, e.g. 16,32,64</source>
        <translation>以逗号分隔的取值，例如 16,32,64</translation>
    </message>
    <message>
        <source>Grid: every combination</source>
        <translation>网格：所有组合</translation>
    </message>
    <message>
        <source>Random: N points of the grid</source>
        <translation>随机：从网格中取 N 个点</translation>
    </message>
    <message>
        <source>Successive halving</source>
        <translation>逐次减半</translation>
    </message>
    <message>
        <source>Random N points, successive halving</source>
        <translation>随机取 N 个点，逐次减半</translation>
    </message>
    <message>
        <source>Successive halving trains every trial a few epochs, then the better half longer, and so on up to the epochs per trial.</source>
        <translation>逐次减半：先将每个试验训练几轮，再将表现较好的一半训练更多轮，依此类推，直至达到每个试验的训练轮数。</translation>
    </message>
    <message>
        <source>N = </source>
        <translation>N = </translation>
    </message>
    <message>
        <source>as the current run</source>
        <translation>与当前运行相同</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>模式：</translation>
    </message>
    <message>
        <source>Trials at once:</source>
        <translation>并行试验数：</translation>
    </message>
    <message>
        <source>Epochs per trial:</source>
        <translation>每个试验的轮数：</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Auto Search</source>
        <translation>自动搜索</translation>
    </message>
    <message>
        <source>Fill Only</source>
        <translation>仅填写</translation>
    </message>
    <message numerus="yes">
        <source>The grid of train --auto for a budget of %n s: window half, as and twice the current run’s, hidden 32, 64, 128, layers 1, 2, lr 0.001, 0.003, successive halving, and as many random points as the budget allows at the current run’s seconds per epoch.</source>
        <translation>
            <numerusform>预算为 %n 秒时 train --auto 所用的网格：窗口取当前运行的一半、相同值和两倍，隐藏单元 32、64、128，层数 1、2，学习率 0.001、0.003，采用逐次减半；并按当前运行每轮的耗时，在预算允许的范围内取尽可能多的随机点。</numerusform>
        </translation>
    </message>
    <message>
        <source>Auto Search fills the form with it and starts; at the end the best trial stays current only when its validation loss is below the current run’s.</source>
        <translation>“自动搜索”会用它填写表单并立即开始；结束时，只有当最佳试验的验证损失低于当前运行时，它才会保留为当前运行。</translation>
    </message>
    <message>
        <source>Fill Only fills the form with it: edit it, then Start.</source>
        <translation>“仅填写”只用它填写表单：可先修改，再点击“开始”。</translation>
    </message>
    <message>
        <source>Budget (seconds):</source>
        <translation>预算（秒）：</translation>
    </message>
    <message>
        <source>Choose the settings and their values, then Start.</source>
        <translation>选择要扫描的设置及其取值，然后点击“开始”。</translation>
    </message>
    <message>
        <source>%v of %m trial(s)</source>
        <translation>%v / %m 个试验</translation>
    </message>
    <message>
        <source>One line per trial: green has the lowest validation loss, red the highest; the thick line is the best trial.</source>
        <translation>每个试验一条线：绿色表示验证损失最低，红色表示最高；粗线为最佳试验。</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stops the running trials; the finished ones are kept as runs.</source>
        <translation>停止正在运行的试验；已完成的试验会保留为运行记录。</translation>
    </message>
    <message>
        <source>The values “%1” have no setting: choose one.</source>
        <translation>取值“%1”没有对应的设置：请选择一个设置。</translation>
    </message>
    <message>
        <source>“%1” is not a setting’s name.</source>
        <translation>“%1”不是有效的设置名称。</translation>
    </message>
    <message>
        <source>%1 is chosen twice: give all its values on one line.</source>
        <translation>%1 被选择了两次：请在同一行中给出它的全部取值。</translation>
    </message>
    <message>
        <source>%1 has no values: type them separated by commas, e.g. 16,32,64.</source>
        <translation>%1 没有取值：请输入以逗号分隔的取值，例如 16,32,64。</translation>
    </message>
    <message>
        <source>%1 has an empty value in “%2”.</source>
        <translation>%1 在“%2”中有空值。</translation>
    </message>
    <message>
        <source>Choose at least one setting to sweep and its values.</source>
        <translation>请至少选择一个要扫描的设置并给出其取值。</translation>
    </message>
    <message>
        <source>Random search needs at least 1 point.</source>
        <translation>随机搜索至少需要 1 个点。</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Starting the sweep…</source>
        <translation>正在启动参数扫描…</translation>
    </message>
    <message>
        <source>Stopping: the running trials end, the finished ones are kept…</source>
        <translation>正在停止：正在运行的试验将结束，已完成的试验会保留…</translation>
    </message>
    <message numerus="yes">
        <source>Sweep %1: %n trial(s)</source>
        <translation>
            <numerusform>参数扫描 %1：%n 个试验</numerusform>
        </translation>
    </message>
    <message>
        <source>Rung %1: %2 trial(s) to %3 epoch(s)</source>
        <translation>第 %1 级：%2 个试验，训练至 %3 轮</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>已早停</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Stopped. The finished trials are kept as runs; the current run is unchanged.</source>
        <translation>已停止。已完成的试验保留为运行记录；当前运行保持不变。</translation>
    </message>
    <message>
        <source>the command line tool crashed (%1)</source>
        <translation>命令行工具崩溃（%1）</translation>
    </message>
    <message>
        <source>Cannot read the project’s runs: %1</source>
        <translation>无法读取项目的运行记录：%1</translation>
    </message>
    <message>
        <source>Best: %1 (%2), validation loss %3; it is now the current run.</source>
        <translation>最佳：%1（%2），验证损失 %3；它现已成为当前运行。</translation>
    </message>
    <message>
        <source>window %1, hidden %2, layers %3, learning rate %4</source>
        <translation>窗口 %1，隐藏单元 %2，层数 %3，学习率 %4</translation>
    </message>
    <message>
        <source>Auto needs a current run: train the project first.</source>
        <translation>自动搜索需要一个当前运行：请先训练该项目。</translation>
    </message>
    <message>
        <source>Auto needs a forecast project with a current run: %1</source>
        <translation>自动搜索需要一个带有当前运行的预测项目：%1</translation>
    </message>
    <message>
        <source>A budget of %1 s leaves no room for a search (an epoch of run %2 took %3 s): give it more.</source>
        <translation>%1 秒的预算不足以进行搜索（运行 %2 每轮耗时 %3 秒）：请增加预算。</translation>
    </message>
    <message>
        <source>Auto: %1 of %2 settings (window, hidden, layers, lr), successive halving up to %3 epoch(s), for about %4 s. Press Start.</source>
        <translation>自动：从 %2 组设置（窗口、隐藏单元、层数、学习率）中取 %1 组，逐次减半，最多训练 %3 轮，预计约 %4 秒。请点击“开始”。</translation>
    </message>
    <message>
        <source>Auto search stopped; run %1 stays current.</source>
        <translation>自动搜索已停止；运行 %1 仍为当前运行。</translation>
    </message>
    <message>
        <source>Auto search failed; run %1 stays current: %2</source>
        <translation>自动搜索失败；运行 %1 仍为当前运行：%2</translation>
    </message>
    <message>
        <source>Auto search: cannot read the project’s runs: %1</source>
        <translation>自动搜索：无法读取项目的运行记录：%1</translation>
    </message>
    <message>
        <source>Auto search: cannot make run %1 current again: %2</source>
        <translation>自动搜索：无法将运行 %1 恢复为当前运行：%2</translation>
    </message>
    <message>
        <source>Auto search: no trial beat the first run, %1 (validation loss %2; the best trial, %3, had %4). Run %1 stays current: %5.</source>
        <translation>自动搜索：没有试验优于初始运行 %1（验证损失 %2；最佳试验 %3 为 %4）。运行 %1 仍为当前运行：%5。</translation>
    </message>
    <message>
        <source>Auto search chose run %1: %2. Validation loss %3, against %4 of the first run, %5. It is now the current run.</source>
        <translation>自动搜索选择了运行 %1：%2。其验证损失为 %3，初始运行 %5 为 %4。它现已成为当前运行。</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>two sentences of one line</comment>
        <translation>%1%2</translation>
    </message>
</context>
<context>
    <name>studio::TextDataPanel</name>
    <message>
        <source>No text file open. Use File &gt; Open Text…</source>
        <translation>未打开文本文件。请使用“文件 &gt; 打开文本…”。</translation>
    </message>
    <message>
        <source>Te&amp;xt column</source>
        <translation>文本列(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Label column</source>
        <translation>标签列(&amp;L)</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>First rows</source>
        <translation>前几行</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n row(s) for text classification.</source>
        <translation>
            <numerusform>%1：%n 行，用于文本分类。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n character(s) for a character language model.</source>
        <translation>
            <numerusform>%1：%n 个字符，用于字符语言模型。</numerusform>
        </translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Open a text file first.</source>
        <translation>请先打开文本文件。</translation>
    </message>
    <message>
        <source>Choose the text and label columns.</source>
        <translation>请选择文本列和标签列。</translation>
    </message>
    <message>
        <source>The text and label columns must differ.</source>
        <translation>文本列和标签列不能相同。</translation>
    </message>
    <message>
        <source>The label column needs at least two classes.</source>
        <translation>标签列至少需要两个类别。</translation>
    </message>
    <message>
        <source>Vocabulary: %1 tokens. Coverage: %2% of training tokens, %3% of test tokens known.</source>
        <translation>词表：%1 个词元。覆盖率：训练集词元中有 %2%、测试集词元中有 %3% 在词表内。</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) dropped.</source>
        <translation>
            <numerusform>已丢弃 %n 行。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>two sentences of one line</comment>
        <translation>%1%2</translation>
    </message>
</context>
<context>
    <name>studio::TextOptionsPanel</name>
    <message>
        <source>&amp;Tokenizer</source>
        <translation>分词器(&amp;T)</translation>
    </message>
    <message>
        <source>words</source>
        <translation>词</translation>
    </message>
    <message>
        <source>characters</source>
        <translation>字符</translation>
    </message>
    <message>
        <source>Words suit classification; a language model reads characters.</source>
        <translation>分类适合按词切分；语言模型按字符读取。</translation>
    </message>
    <message>
        <source>Lowercase</source>
        <translation>转为小写</translation>
    </message>
    <message>
        <source>Min frequency</source>
        <translation>最低词频</translation>
    </message>
    <message>
        <source>Tokens seen fewer times in the training split become &lt;unk&gt;.</source>
        <translation>在训练集中出现次数少于此值的词元将替换为 &lt;unk&gt;。</translation>
    </message>
    <message>
        <source>Max vocabulary</source>
        <translation>词表上限</translation>
    </message>
    <message>
        <source>Max length</source>
        <translation>最大长度</translation>
    </message>
    <message>
        <source>Tokens kept from the start of each text. A limit bounds the time and memory of a training step whatever the data holds; the data report says how many texts were cut.</source>
        <translation>每条文本从开头起保留的词元数。设置上限后，无论数据如何，每个训练步的时间和内存都有上界；数据报告会说明有多少条文本被截断。</translation>
    </message>
    <message>
        <source>Embedding</source>
        <translation>嵌入维度</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>池化</translation>
    </message>
    <message>
        <source>last states</source>
        <translation>末尾状态</translation>
    </message>
    <message>
        <source>attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>Attention weighs every token and lets the results view show the weights.</source>
        <translation>注意力池化为每个词元分配权重，并可在结果视图中显示这些权重。</translation>
    </message>
    <message>
        <source>Chunk</source>
        <translation>分块长度</translation>
    </message>
    <message>
        <source>Characters per training sequence of the language model.</source>
        <translation>语言模型每条训练序列的字符数。</translation>
    </message>
    <message>
        <source>Vectors</source>
        <translation>预训练向量</translation>
    </message>
    <message>
        <source>Keep pretrained vectors fixed</source>
        <translation>冻结预训练向量</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>all tokens</source>
        <translation>全部词元</translation>
    </message>
    <message>
        <source>optional GloVe/word2vec text file</source>
        <translation>可选：GloVe/word2vec 文本格式的向量文件</translation>
    </message>
</context>
<context>
    <name>studio::TextWorkspace</name>
    <message>
        <source>loss (cross-entropy)</source>
        <translation>损失（交叉熵）</translation>
    </message>
    <message>
        <source>validation accuracy (%)</source>
        <translation>验证准确率（%）</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>准确率（%）</translation>
    </message>
    <message>
        <source>loss (nats/char)</source>
        <translation>损失（nats/字符）</translation>
    </message>
    <message>
        <source>validation bits per character</source>
        <translation>验证集每字符比特数</translation>
    </message>
    <message>
        <source>bits/char</source>
        <translation>比特/字符</translation>
    </message>
    <message numerus="yes">
        <source>Trained %n epoch(s) on %1: test accuracy %2% (majority baseline %3%), macro F1 %4%.</source>
        <translation>
            <numerusform>已在 %1 上训练 %n 轮：测试准确率 %2%（多数类基线 %3%），宏平均 F1 %4%。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Trained %n epoch(s) on %1: test %2 bits per character (unigram %3).</source>
        <translation>
            <numerusform>已在 %1 上训练 %n 轮：测试集每字符比特数 %2（一元模型 %3）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Evaluated the saved model on %n test text(s): accuracy %1% (majority baseline %2%), macro F1 %3%.</source>
        <translation>
            <numerusform>已在 %n 条测试文本上评估保存的模型：准确率 %1%（多数类基线 %2%），宏平均 F1 %3%。</numerusform>
        </translation>
    </message>
    <message>
        <source>Evaluated the saved model on the test text: %1 bits per character (unigram %2).</source>
        <translation>已在测试文本上评估保存的模型：每字符比特数 %1（一元模型 %2）。</translation>
    </message>
    <message numerus="yes">
        <source>Opened text project %1: %n epoch(s) trained, best epoch %2 (%3).</source>
        <translation>
            <numerusform>已打开文本项目 %1：已训练 %n 轮，最佳为第 %2 轮（%3）。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>studio::TrainingCharts</name>
    <message>
        <source>Loss per epoch</source>
        <translation>每轮损失</translation>
    </message>
    <message>
        <source>Training loss per batch</source>
        <translation>每批次训练损失</translation>
    </message>
    <message>
        <source>Gradient norm per batch (before clipping)</source>
        <translation>每批次梯度范数（裁剪前）</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>batch loss</source>
        <translation>批次损失</translation>
    </message>
    <message>
        <source>gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <source>clipped batch</source>
        <translation>被裁剪的批次</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>L2 norm</source>
        <translation>L2 范数</translation>
    </message>
    <message>
        <source>&amp;Logarithmic loss axis</source>
        <translation>损失轴使用对数刻度(&amp;L)</translation>
    </message>
    <message>
        <source>Losses often fall by decades; a log axis keeps late epochs readable.</source>
        <translation>损失常以数量级下降；使用对数坐标轴能让后期各轮的变化依然清晰可辨。</translation>
    </message>
    <message>
        <source>&amp;Fit all</source>
        <translation>全部适配(&amp;F)</translation>
    </message>
    <message>
        <source>Fit every chart to its data again and follow new points</source>
        <translation>让每个图表重新适配其数据，并跟随新的数据点</translation>
    </message>
    <message>
        <source>Wheel zooms, drag pans, double click fits.</source>
        <translation>滚轮缩放，拖动平移，双击适配。</translation>
    </message>
</context>
<context>
    <name>studio::TrainingStatus</name>
    <message>
        <source>Epochs finished / epochs to train</source>
        <translation>已完成轮数 / 总训练轮数</translation>
    </message>
    <message>
        <source>Estimated time until the last epoch ends</source>
        <translation>预计到最后一轮结束还需的时间</translation>
    </message>
    <message>
        <source>Training windows processed per second</source>
        <translation>每秒处理的训练窗口数</translation>
    </message>
    <message>
        <source>Where LibTorch trains the model</source>
        <translation>LibTorch 训练模型所用的设备</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>设备：%1</translation>
    </message>
    <message>
        <source>Done in %1</source>
        <translation>用时 %1</translation>
    </message>
    <message>
        <source>Device: —</source>
        <translation>设备：—</translation>
    </message>
    <message>
        <source>Epoch —</source>
        <translation>轮次 —</translation>
    </message>
    <message>
        <source>Epoch %1/%2</source>
        <translation>轮次 %1/%2</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>ETA —</source>
        <translation>预计剩余 —</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>预计剩余 %1</translation>
    </message>
    <message>
        <source>%L1 samples/s</source>
        <translation>%L1 样本/秒</translation>
    </message>
    <message>
        <source>— samples/s</source>
        <translation>— 样本/秒</translation>
    </message>
</context>
<context>
    <name>studio::TrainingWorker</name>
    <message>
        <source>The data cannot be used: %1</source>
        <translation>数据无法使用：%1</translation>
    </message>
    <message>
        <source>A setting does not fit: %1</source>
        <translation>设置有误：%1</translation>
    </message>
    <message>
        <source>Out of memory. Try a smaller batch size, a shorter window or a smaller model.</source>
        <translation>内存不足。请尝试减小批大小、缩短窗口或使用更小的模型。</translation>
    </message>
    <message>
        <source>Training failed: %1
Try a smaller model or batch size, or the cpu device.</source>
        <translation>训练失败：%1
请尝试更小的模型或批大小，或改用 CPU 设备。</translation>
    </message>
    <message>
        <source>Training failed for an unknown reason.</source>
        <translation>训练因未知原因失败。</translation>
    </message>
</context>
<context>
    <name>studio::TryTextBox</name>
    <message>
        <source>A text to classify (or double-click a misclassified row)</source>
        <translation>输入要分类的文本（或双击一条分类错误的行）</translation>
    </message>
    <message>
        <source>&amp;Classify</source>
        <translation>分类(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Inspect…</source>
        <translation>检视(&amp;I)…</translation>
    </message>
    <message>
        <source>The gates and states inside the LSTM for this text, as heatmaps</source>
        <translation>以热力图显示 LSTM 处理此文本时内部的门和状态</translation>
    </message>
    <message>
        <source>The class probabilities of any text; a model trained with attention pooling also shows which tokens it weighed.</source>
        <translation>可查看任意文本的类别概率；使用注意力池化训练的模型还会显示各词元的权重。</translation>
    </message>
    <message>
        <source>Class probabilities: %1</source>
        <translation>类别概率：%1</translation>
    </message>
    <message>
        <source>weight %1</source>
        <translation>权重 %1</translation>
    </message>
</context>
</TS>
