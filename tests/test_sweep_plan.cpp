// A sweep's plan (jobs/sweep.h): the grid's points, random draws from it, successive
// halving's rungs, and the --grid texts it refuses.

#include "base/error.h"
#include "jobs/sweep.h"

#include <QtTest>

#include <set>

using namespace studio;

class TestSweepPlan : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void autoSearchFitsTheBudget() {
        // Window 30 over a smallest split of 40 rows: room for 40 - 1 - 9 = 30, so windows 15
        // and 30 (60 would leave fewer than 10); 2 x 3 widths x 2 depths x 2 rates = 24 points.
        // Cost of a trial-epoch relative to the run's: mean of w/30 (0.75) x mean layers (1.5)
        // x mean of (h/64)^1.5 over 32, 64, 128 ((0.353553 + 1 + 2.828427) / 3 = 1.393994):
        // 1.568243. Halving 24 trials up to 8 epochs trains 24x1 + 12x1 + 6x2 + 3x4 = 60
        // trial-epochs: 94.09 s at 1 s per epoch; 16 trials train 16 + 8 + 4x2 + 2x4 = 40: 62.73 s.
        AutoSearchPlan plan = autoSearchPlan(30, 1, 64, 40, 8, 1.0, 1, 95.0);
        QCOMPARE(plan.grid, 24);
        QCOMPARE(plan.trials, 24);
        QCOMPARE(plan.axes.size(), std::size_t{4});
        QCOMPARE(plan.axes[0].name, std::string("window"));
        QCOMPARE(plan.axes[0].values, (std::vector<std::string>{"15", "30"}));
        QCOMPARE(plan.axes[1].values, (std::vector<std::string>{"32", "64", "128"}));
        QCOMPARE(plan.axes[3].values, (std::vector<std::string>{"0.001", "0.003"}));
        QCOMPARE(autoSearchPlan(30, 1, 64, 40, 8, 1.0, 1, 94.0).trials, 16);
        QCOMPARE(autoSearchPlan(30, 1, 64, 40, 8, 1.0, 2, 94.0).trials, 24);  // two at a time
        QCOMPARE(autoSearchPlan(30, 1, 64, 40, 8, 1.0, 1, 1.0).trials, 0);
        // A long series keeps twice the window; a short one keeps the run's own.
        QCOMPARE(autoSearchPlan(30, 1, 64, 476, 20, 0.1, 2, 1e9).axes[0].values,
                 (std::vector<std::string>{"15", "30", "60"}));
        QCOMPARE(autoSearchPlan(7, 1, 64, 15, 20, 0.1, 2, 1e9).axes[0].values, (std::vector<std::string>{"3", "7"}));
    }

    void gridIsTheCrossProduct() {
        const std::vector<SweepAxis> axes = {parseSweepAxis("hidden=16,32,64"), parseSweepAxis("lr=0.001,0.01")};
        const std::vector<TrainParams> trials = sweepTrials(axes, 0, 1);
        QCOMPARE(trials.size(), std::size_t{6});
        // The last axis varies fastest.
        QCOMPARE(trials[0], (TrainParams{{"hidden", "16"}, {"lr", "0.001"}}));
        QCOMPARE(trials[1], (TrainParams{{"hidden", "16"}, {"lr", "0.01"}}));
        QCOMPARE(trials[5], (TrainParams{{"hidden", "64"}, {"lr", "0.01"}}));
    }

    void randomDrawsDistinctPointsOfTheGrid() {
        const std::vector<SweepAxis> axes = {parseSweepAxis("hidden=8,16,32,64"), parseSweepAxis("layers=1,2,3")};
        const std::vector<TrainParams> all = sweepTrials(axes, 0, 1);
        const std::vector<TrainParams> drawn = sweepTrials(axes, 5, 7);
        QCOMPARE(drawn.size(), std::size_t{5});
        std::set<TrainParams> distinct(drawn.begin(), drawn.end());
        QCOMPARE(distinct.size(), std::size_t{5});
        // Each a point of the grid, kept in grid order.
        std::size_t last = 0;
        for (std::size_t i = 0; i < drawn.size(); ++i) {
            const auto at = std::find(all.begin(), all.end(), drawn[i]);
            QVERIFY(at != all.end());
            if (i > 0) QVERIFY(static_cast<std::size_t>(at - all.begin()) > last);
            last = static_cast<std::size_t>(at - all.begin());
        }
        // The same seed draws the same points; N at or above the grid's size takes all of it.
        QCOMPARE(sweepTrials(axes, 5, 7), drawn);
        QCOMPARE(sweepTrials(axes, 12, 7), all);
        QCOMPARE(sweepTrials(axes, 50, 7), all);
    }

    void halvingRungsRiseToTheEpochs() {
        // 4 trials: 4 -> 2 -> 1, three rungs; epochs halve going back from the last.
        QCOMPARE(halvingRungs(4, 8), (std::vector<int>{2, 4, 8}));
        QCOMPARE(halvingSurvivors(4), 2);
        // 6 trials: 6 -> 3 -> 2 -> 1, four rungs: 10 >> 3 = 1, 10 >> 2 = 2, 10 >> 1 = 5, 10.
        QCOMPARE(halvingRungs(6, 10), (std::vector<int>{1, 2, 5, 10}));
        QCOMPARE(halvingSurvivors(3), 2);
        // Too few epochs for every rung: rungs of equal epochs merge.
        QCOMPARE(halvingRungs(8, 2), (std::vector<int>{1, 2}));
        QCOMPARE(halvingRungs(1, 5), (std::vector<int>{5}));
    }

    void malformedGridsAreRefused_data() {
        QTest::addColumn<QString>("grid");
        QTest::newRow("no values") << "hidden";
        QTest::newRow("no name") << "=1,2";
        QTest::newRow("nothing after =") << "hidden=";
        QTest::newRow("empty value") << "hidden=1,,2";
        QTest::newRow("trailing comma") << "hidden=1,2,";
        QTest::newRow("value twice") << "hidden=8,8";
    }
    void malformedGridsAreRefused() {
        QFETCH(QString, grid);
        QVERIFY_THROWS_EXCEPTION(UsageError, parseSweepAxis(grid.toStdString()));
    }

    void anAxisTwiceIsRefused() {
        const std::vector<SweepAxis> axes = {parseSweepAxis("lr=0.1,0.2"), parseSweepAxis("lr=0.3")};
        QVERIFY_THROWS_EXCEPTION(UsageError, sweepTrials(axes, 0, 1));
    }
};

QTEST_GUILESS_MAIN(TestSweepPlan)
#include "test_sweep_plan.moc"
