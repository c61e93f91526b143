using System.Globalization;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Benchmarks;

/// <summary>
/// <c>--cpu --against DIR</c>: the shipped rules against the rules in another folder (a saved copy from before a change),
/// in one process, round by round in turn on the same articles. Each pair of neighbouring rounds gives one ratio, and the
/// median of those ratios is reported: a noisy machine slows both sides of a pair alike, where separate runs minutes apart
/// differ by more than the change being measured.
/// </summary>
internal static class RulesComparison
{
    private const int Pairs = 40;

    public static void Run(string againstFolder, IReadOnlyList<Article> articles, StageSet ourStages, TextWriter output)
    {
        var theirStages = BenchmarkCorpus.Stages(againstFolder);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# the shipped rules (ours) against {againstFolder} (theirs), {Pairs} pairs of rounds over {articles.Count} articles, thread CPU time"));
        foreach (var count in (int[])[10, 100, 1000])
        {
            var theirs = new WatchSet(BenchmarkCorpus.Watches(count, againstFolder));
            var ours = new WatchSet(BenchmarkCorpus.Watches(count));
            var matching = Compare(() => Round(articles, a => theirs.Match(a).Count), () => Round(articles, a => ours.Match(a).Count));
            var staging = Compare(
                () => Round(articles, a => theirs.Match(a) is { Count: > 0 } m ? theirStages.Classify(a, m).Stage.Length : 0),
                () => Round(articles, a => ours.Match(a) is { Count: > 0 } m ? ourStages.Classify(a, m).Stage.Length : 0));
            Report(output, count, matching, staging);
        }
    }

    public static void Report(TextWriter output, int count, Result matching, Result staging) =>
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{count,5} watches: matching {matching.Ours:N0} against {matching.Theirs:N0} articles per CPU-second, ratio {matching.Ratio:0.00} (middle half {matching.Low:0.00}–{matching.High:0.00}); with the stage {staging.Ours:N0} against {staging.Theirs:N0}, ratio {staging.Ratio:0.00} ({staging.Low:0.00}–{staging.High:0.00})"));

    /// <summary>Times the two sides round by round in turn, <see cref="Pairs"/> pairs after a warm-up; each round returns its rate.</summary>
    public static Result Compare(Func<double> theirRound, Func<double> ourRound)
    {
        for (var warmUp = 0; warmUp < 5; warmUp++)
        {
            _ = theirRound() + ourRound();
        }

        var theirRates = new double[Pairs];
        var ourRates = new double[Pairs];
        var ratios = new double[Pairs];
        for (var pair = 0; pair < Pairs; pair++)
        {
            // Alternate which side goes first, so neither always runs on a warmer cache.
            if (pair % 2 == 0)
            {
                theirRates[pair] = theirRound();
                ourRates[pair] = ourRound();
            }
            else
            {
                ourRates[pair] = ourRound();
                theirRates[pair] = theirRound();
            }

            ratios[pair] = ourRates[pair] / theirRates[pair];
        }

        Array.Sort(ratios);
        return new Result(Median(ourRates), Median(theirRates), Median(ratios), ratios[Pairs / 4], ratios[(3 * Pairs / 4) - 1]);
    }

    /// <summary>Articles per CPU-second of one pass, timed as every matching figure here is.</summary>
    public static double Round<TArticle>(IReadOnlyList<TArticle> articles, Func<TArticle, int> work) =>
        MatchingComparison.ArticlesPerSecond(articles, work, seconds: 0, rounds: 1, warmUp: false).Best;

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public sealed record Result(double Ours, double Theirs, double Ratio, double Low, double High);
}
