using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NewsWatcher.Benchmarks;
using NewsWatcher.Core.Matching;

if (!Directory.Exists(BenchmarkCorpus.CorpusRoot))
{
    Console.Error.WriteLine($"The shared corpus is not at {BenchmarkCorpus.CorpusRoot}; the benchmark needs its articles.");
    return 2;
}

if (args is ["--profile-matching", var size, var seconds])
{
    MatchingComparison.Profile(int.Parse(size, CultureInfo.InvariantCulture), double.Parse(seconds, CultureInfo.InvariantCulture), Console.Out);
    return 0;
}

if (args is ["--profile-parsing", var parseSeconds])
{
    ParseComparison.Profile(double.Parse(parseSeconds, CultureInfo.InvariantCulture), Console.Out);
    return 0;
}

if (args.Contains("--quick") || args.Contains("--full"))
{
    var clock = System.Diagnostics.Stopwatch.StartNew();
    if (!args.Contains("--parsing-only"))
    {
        MatchingComparison.Run(quick: args.Contains("--quick"), Console.Out);
    }

    if (!args.Contains("--matching-only"))
    {
        ParseComparison.Run(quick: args.Contains("--quick"), Console.Out);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# done in {clock.Elapsed.TotalSeconds:0} s wall time; load average {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown")}"));
    return 0;
}

// Same answers first: a fast matcher that disagrees with the baseline would prove nothing.
var articles = BenchmarkCorpus.Articles();
foreach (var count in (int[])[10, 100, 1000])
{
    var watches = BenchmarkCorpus.Watches(count);
    var set = new WatchSet(watches);
    var baseline = new RegexBaseline(watches);
    var ours = articles.Sum(a => set.Match(a).Count);
    var theirs = articles.Sum(baseline.Match);
    var matched = articles.Count(a => set.Match(a).Count > 0);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count,5} watches ({set.TermCount} distinct terms): {ours} matches by WatchSet, {theirs} by the regex baseline over {articles.Count} articles ({matched} matched, so staged)"));
}

var stages = BenchmarkCorpus.Stages();

// --cpu --against DIR: the shipped rules against a saved copy of the rules, round by round in one process.
if (args is ["--cpu", "--against", var againstFolder])
{
    RulesComparison.Run(Path.GetFullPath(againstFolder), articles, stages, Console.Out);
    return 0;
}

// --cpu --against-build DIR: this build and its rules against a checkout of another commit with its benchmark built.
if (args is ["--cpu", "--against-build", var checkout])
{
    BuildComparison.Run(Path.GetFullPath(checkout), articles, stages, Console.Out);
    return 0;
}

// --cpu: a quick check without BenchmarkDotNet, in articles per CPU-second, which a busy machine distorts less than wall time.
if (args.Contains("--cpu"))
{
    foreach (var count in (int[])[10, 100, 1000])
    {
        var set = new WatchSet(BenchmarkCorpus.Watches(count));
        var process = System.Diagnostics.Process.GetCurrentProcess();
        for (var round = 0; round < 5; round++)
        {
            _ = articles.Sum(a => set.Match(a).Count); // warm-up, so tiered JIT has settled
        }

        process.Refresh();
        var before = process.TotalProcessorTime;
        const int Rounds = 50;
        for (var round = 0; round < Rounds; round++)
        {
            _ = articles.Sum(a => set.Match(a).Count);
        }

        process.Refresh();
        var cpu = process.TotalProcessorTime - before;

        // The same articles again, as a poll handles them: matched, and the matched ones given their stage.
        for (var round = 0; round < Rounds; round++)
        {
            _ = articles.Sum(a => set.Match(a) is { Count: > 0 } m ? stages.Classify(a, m).Stage.Length : 0);
        }

        process.Refresh();
        var staged = process.TotalProcessorTime - before - cpu;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{count,5} watches: {Rounds * articles.Count / cpu.TotalSeconds:N0} articles per CPU-second (WatchSet), {Rounds * articles.Count / staged.TotalSeconds:N0} with the stage of the matched ones ({staged / cpu:P0} of the time)"));
    }

    return 0;
}

// One short in-process job: a few seconds per case, and no generated project to build.
var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .AddColumn(StatisticColumn.OperationsPerSecond)
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
var summary = BenchmarkRunner.Run<MatchingBenchmarks>(config, args);

Console.WriteLine();
Console.WriteLine("| watches | WatchSet articles/s | regex per watch articles/s | speed-up | WatchSet + stage articles/s |");
Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
foreach (var group in summary.Reports.Where(r => r.ResultStatistics is not null).GroupBy(r => r.BenchmarkCase.Parameters["Watches"]))
{
    var ours = group.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(MatchingBenchmarks.CompiledWatchSet));
    var baseline = group.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(MatchingBenchmarks.RegexPerWatch));
    var oursPerSecond = 1e9 / ours.ResultStatistics!.Mean;
    var baselinePerSecond = 1e9 / baseline.ResultStatistics!.Mean;
    var staged = group.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(MatchingBenchmarks.WatchSetAndStage));
    var stagedPerSecond = 1e9 / staged.ResultStatistics!.Mean;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {group.Key} | {oursPerSecond:N0} | {baselinePerSecond:N0} | {oursPerSecond / baselinePerSecond:N1}× | {stagedPerSecond:N0} |"));
}

return 0;
