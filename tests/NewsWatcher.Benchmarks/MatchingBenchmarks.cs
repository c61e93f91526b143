using BenchmarkDotNet.Attributes;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Benchmarks;

/// <summary>Articles per second through all watches: the compiled <see cref="WatchSet"/> against one regex per watch, and with the stage of the matched ones.</summary>
[MemoryDiagnoser]
public class MatchingBenchmarks
{
    private IReadOnlyList<Article> _articles = [];
    private WatchSet _set = null!;
    private RegexBaseline _baseline = null!;
    private StageSet _stages = null!;

    [Params(10, 100, 1000)]
    public int Watches { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _articles = BenchmarkCorpus.Articles();
        var watches = BenchmarkCorpus.Watches(Watches);
        _set = new WatchSet(watches);
        _baseline = new RegexBaseline(watches);
        _stages = BenchmarkCorpus.Stages();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = BenchmarkCorpus.ArticlesPerOperation, Description = "Regex per watch")]
    public int RegexPerWatch()
    {
        var matches = 0;
        foreach (var article in _articles)
        {
            matches += _baseline.Match(article);
        }

        return matches;
    }

    [Benchmark(OperationsPerInvoke = BenchmarkCorpus.ArticlesPerOperation, Description = "WatchSet")]
    public int CompiledWatchSet()
    {
        var matches = 0;
        foreach (var article in _articles)
        {
            matches += _set.Match(article).Count;
        }

        return matches;
    }

    /// <summary>What a poll does: match every article, and give only the matched ones their stage.</summary>
    [Benchmark(OperationsPerInvoke = BenchmarkCorpus.ArticlesPerOperation, Description = "WatchSet + stage")]
    public int WatchSetAndStage()
    {
        var staged = 0;
        foreach (var article in _articles)
        {
            var matches = _set.Match(article);
            if (matches.Count > 0)
            {
                staged += _stages.Classify(article, matches).Stage.Length;
            }
        }

        return staged;
    }
}
