using System.Globalization;
using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Testing;

namespace NewsWatcher.Core.Tests.Matching;

/// <summary>Scores the shipped watches.yaml on the labelled DEV headlines, as an editor would with `rules eval`.</summary>
public sealed class DetectionQualityTests(ITestOutputHelper output)
{
    [Fact]
    public void Match_DefaultWatchesOnDevCorpus_MeetF1AndPrecisionTarget()
    {
        var corpus = Corpus.Require("news/dev.tsv");
        var path = Path.Combine(Corpus.RepositoryRoot, "config", "watches.yaml");
        var set = WatchesFile.Parse(File.ReadAllText(path), "config/watches.yaml");

        int tp = 0, fp = 0, fn = 0, tn = 0;
        var misses = new List<string>();
        foreach (var line in File.ReadLines(corpus).Skip(1))
        {
            var cols = line.Split('\t');
            var id = cols[0];
            var positive = cols[6] == "1";
            var matches = set.Match(new Article(id, "dev", cols[4], cols[5], null, DateTimeOffset.UnixEpoch));
            var predicted = matches.Count > 0;
            switch (predicted, positive)
            {
                case (true, true): tp++; break;
                case (true, false):
                    fp++;
                    misses.Add($"FP {id} [{string.Join(",", matches.Select(m => m.WatchId))}] {cols[4]}");
                    break;
                case (false, true):
                    fn++;
                    misses.Add($"FN {id} ({cols[7]}) {cols[4]}");
                    break;
                default: tn++; break;
            }
        }

        var precision = tp / (double)(tp + fp);
        var recall = tp / (double)(tp + fn);
        var f1 = 2 * precision * recall / (precision + recall);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"DEV: TP {tp} FP {fp} FN {fn} TN {tn} -> precision {precision:F3}, recall {recall:F3}, F1 {f1:F3} (baseline P 0.935 / R 0.655)"));
        foreach (var miss in misses)
        {
            output.WriteLine(miss);
        }

        Assert.True(f1 >= 0.92, $"F1 {f1:F3} < 0.92");
        Assert.True(precision >= 0.92, $"precision {precision:F3} < 0.92");
    }
}
