using System.Diagnostics;
using System.Globalization;
using NewsWatcher.Benchmarks.Lucene;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Benchmarks;

/// <summary>
/// The matching comparison: realistic generated watch sets of 1k to 1M watches, matched by <see cref="WatchSet"/> and,
/// at 100k, by Lucene percolation with and without Lucene Monitor's presearcher, in the same run on one thread; WatchSet
/// and the presearched peer timed the same way on the same articles. Prints one line
/// per figure with key=value tokens that scripts read.
/// </summary>
public static class MatchingComparison
{
    public const int Seed = 14;

    public static void Run(bool quick, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var articles = BenchmarkCorpus.Articles();
        var generator = new WatchGenerator(NewsVocabulary.From(BenchmarkCorpus.VocabularyArticles()));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# matching: {articles.Count} corpus articles (DEV headlines and corpus feed items), watches generated from the corpus vocabulary, seed {Seed}; one thread, rates per {(ThreadClock.IsCpuTime ? "CPU-second of the matching thread" : "wall-clock second")}"));

        foreach (var size in (int[])[1_000, 10_000])
        {
            var (set, _) = Compile(generator, size, output);
            var rate = ArticlesPerSecond(articles, a => set.Match(a).Count, quick ? 1.0 : 3.0);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"watchset_aps_{Label(size)}={rate.Best:0} articles/s ({rate.Note})"));
        }

        RunAt100K(generator, articles, quick, output);
        RunAt1M(generator, articles, quick, output);
    }

    /// <summary>Matches the corpus against <paramref name="size"/> generated watches for <paramref name="seconds"/>, for a profiler to sample.</summary>
    public static void Profile(int size, double seconds, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var articles = BenchmarkCorpus.Articles();
        var generator = new WatchGenerator(NewsVocabulary.From(BenchmarkCorpus.VocabularyArticles()));
        var set = new WatchSet(generator.Generate(size, Seed).Watches);
        var matches = articles.Sum(a => set.Match(a).Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"profiling {size} watches: {(double)matches / articles.Count:0.0} matches per article"));
        var rate = ArticlesPerSecond(articles, a => set.Match(a).Count, seconds, rounds: 1);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rate.Best:0} articles/s"));
    }

    private static void RunAt100K(WatchGenerator generator, IReadOnlyList<Article> articles, bool quick, TextWriter output)
    {
        const int Size = 100_000;
        var (set, generated) = Compile(generator, Size, output);
        var rate = ArticlesPerSecond(articles, a => set.Match(a).Count, quick ? 2.0 : 5.0);
        var watchSet = rate.Best;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"watchset_aps_100k={watchSet:0} articles/s (the matches as WatchMatch objects, their terms not read; {rate.Note})"));
        var explained = ArticlesPerSecond(articles, Explained(set), quick ? 2.0 : 5.0).Best;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"watchset_explained_aps_100k={explained:0} articles/s (every match's terms and spans read too, as a poll queuing every match does; {explained / watchSet:P0} of the rate)"));

        var start = ThreadClock.Now();
        var (plain, prefiltered) = LucenePercolator.Both(generated.Watches);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lucene_translate_s_100k={ThreadClock.Now() - start:0.0} s (every query translated, the presearcher's {prefiltered.Passes} passes keyed)"));

        // The peer as a Lucene Monitor user runs it: one untimed pass over the distinct articles keeps its answers and
        // candidate counts (and warms it up); then it is timed exactly as WatchSet was, on the same articles.
        var distinct = articles.DistinctBy(a => a.Id, StringComparer.Ordinal).ToList();
        var prefilterAnswers = new Dictionary<Article, IReadOnlyList<int>>();
        long candidates = 0;
        long firstPass = 0;
        foreach (var article in distinct)
        {
            prefilterAnswers[article] = prefiltered.Match(article);
            candidates += prefiltered.LastQueriesRun;
            firstPass += prefiltered.LastFirstPassCandidates;
        }

        var peer = ArticlesPerSecond(articles, a => prefiltered.Match(a).Count, quick ? 2.0 : 5.0, warmUp: false);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lucene_prefilter_aps_100k={peer.Best:0} articles/s (Lucene Monitor's way: {prefiltered.Passes}-pass term presearcher, in-order collector; {peer.Note}; WatchSet {watchSet / peer.Best:0}x, medians {rate.Median / peer.Median:0}x)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lucene_prefilter_candidates_100k={(double)candidates / distinct.Count:0.0} queries run per article (of {Size}; the first pass alone would run {(double)firstPass / distinct.Count:0.0}), on {distinct.Count} distinct articles"));

        // Plain percolation runs every query on every article, at about a second per article: a floor, not a way anyone
        // runs it, timed on a few distinct articles, its answers kept for the agreement check.
        var plainSample = distinct.Take(quick ? 3 : 30).ToList();
        plain.Match(plainSample[0]); // warm-up
        var plainAnswers = new Dictionary<Article, IReadOnlyList<int>>();
        start = ThreadClock.Now();
        foreach (var article in plainSample)
        {
            plainAnswers[article] = plain.Match(article);
        }

        var plainRate = plainSample.Count / (ThreadClock.Now() - start);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lucene_aps_100k={plainRate:0.00} articles/s (no presearcher: every query on each of {plainSample.Count} articles, one pass; WatchSet {watchSet / plainRate:0}x)"));

        // Agreement: every (article, watch) decision of the three on the plain sample; WatchSet against the pre-filtered peer on every distinct article.
        var ids = generated.Watches.Select((w, i) => (w.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        IReadOnlyList<int> Ours(Article a) => [.. set.Match(a).Select(m => ids[m.WatchId])];
        IReadOnlyList<int> Prefiltered(Article a) => prefilterAnswers[a];
        var three = Agreement.Compare(plainSample, generated.Watches, generated.QueryTexts, Ours, Prefiltered, a => plainAnswers[a]);
        var two = Agreement.Compare(distinct, generated.Watches, generated.QueryTexts, Ours, Prefiltered, null);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"agreement_100k={three.Share:0.000000} ({three.Decisions} decisions on {plainSample.Count} articles, {three.Matches} matches, {three.Differences} differ: {three.Summary})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"agreement_prefilter_100k={two.Share:0.000000} ({two.Decisions} decisions on {distinct.Count} articles, {two.Matches} matches, {two.Differences} differ = {100.0 * two.Differences / Math.Max(1, two.Matches):0.00}% of matches, agreement on matches {1 - ((double)two.Differences / Math.Max(1, two.Matches)):0.0000}: {two.Summary})"));
        foreach (var example in two.Examples.Take(quick ? 3 : 10))
        {
            output.WriteLine("  differs: " + example);
        }
    }

    private static void RunAt1M(WatchGenerator generator, IReadOnlyList<Article> articles, bool quick, TextWriter output)
    {
        var (set, _) = Compile(generator, 1_000_000, output);
        var rate = ArticlesPerSecond(articles, a => set.Match(a).Count, quick ? 2.0 : 5.0);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"watchset_aps_1m={rate.Best:0} articles/s ({rate.Note})"));
        var explained = ArticlesPerSecond(articles, Explained(set), quick ? 2.0 : 5.0).Best;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"watchset_explained_aps_1m={explained:0} articles/s ({explained / rate.Best:P0} of the rate)"));
    }

    /// <summary>Matching as a poll that queues every match does it: each match's terms (with fields and spans) read.</summary>
    private static Func<Article, int> Explained(WatchSet set) => a =>
    {
        var spans = 0;
        foreach (var match in set.Match(a))
        {
            spans += match.Terms.Count;
        }

        return spans;
    };

    /// <summary>Generates, parses and compiles a watch set; prints the workload and what compiling cost.</summary>
    private static (WatchSet Set, GeneratedWatches Generated) Compile(WatchGenerator generator, int size, TextWriter output)
    {
        var label = Label(size);
        var start = ThreadClock.Now();
        var generated = generator.Generate(size, Seed);
        var generateSeconds = ThreadClock.Now() - start;
        var before = HeapBytes();
        start = ThreadClock.Now();
        var set = new WatchSet(generated.Watches);
        var compileSeconds = ThreadClock.Now() - start;
        var compiledBytes = HeapBytes() - before;
        var articles = BenchmarkCorpus.Articles().DistinctBy(a => a.Id).ToList();
        var counts = articles.Select(a => set.Match(a).Count).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"workload_{label}: {size} watches, {set.TermCount} distinct terms, {100.0 * counts.Count(c => c > 0) / articles.Count:0.0}% of {articles.Count} distinct articles match at least one watch, {counts.Average():0.0} matches per article (generated and parsed in {generateSeconds:0.0} s)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compile_s_{label}={compileSeconds:0.00} s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"compile_mb_{label}={compiledBytes / 1048576.0:0} MB ({(double)compiledBytes / size:0} bytes per compiled watch; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB)"));
        GC.KeepAlive(generated);
        return (set, generated);
    }

    private static long HeapBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>
    /// Timed rounds (after one untimed warm-up pass when there is time for it and the caller has not warmed up already), best and median. On a shared machine
    /// other tenants only ever slow a round down, so the best round is the figure (as Python's timeit reports its
    /// minimum); the median beside it shows how much the machine got in the way.
    /// </summary>
    internal static Rate ArticlesPerSecond<TArticle>(IReadOnlyList<TArticle> articles, Func<TArticle, int> match, double seconds, int rounds = 8, bool warmUp = true)
    {
        if (warmUp && seconds > 0)
        {
            foreach (var article in articles)
            {
                match(article);
            }
        }

        // A round is whole passes over the articles, at least one, so every matcher is timed on the same articles.
        var rates = new List<double>();
        var timed = 0.0;
        for (var round = 0; round < rounds; round++)
        {
            var start = ThreadClock.Now();
            var done = 0;
            do
            {
                foreach (var article in articles)
                {
                    match(article);
                }

                done += articles.Count;
            }
            while (ThreadClock.Now() - start < seconds / rounds);

            var elapsed = ThreadClock.Now() - start;
            timed += elapsed;
            rates.Add(done / elapsed);
        }

        rates.Sort();
        return new Rate(rates[^1], rates[rates.Count / 2], rounds, timed / rounds);
    }

    /// <summary>A matching rate: the best of <see cref="Rounds"/> rounds of <see cref="RoundSeconds"/> each on average, and their median.</summary>
    internal readonly record struct Rate(double Best, double Median, int Rounds, double RoundSeconds)
    {
        public string Note => string.Create(CultureInfo.InvariantCulture, $"best of {Rounds} rounds of {RoundSeconds:0.00} s CPU; median {Median:0}");
    }

    private static string Label(int size) => size >= 1_000_000 ? $"{size / 1_000_000}m" : $"{size / 1000}k";
}
