using System.Diagnostics;
using System.Globalization;
using System.Xml;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Benchmarks;

/// <summary>
/// The parsing comparison: ten copies of the corpus feeds (made at run time in a temporary folder) read in process with a
/// bare <see cref="XmlReader"/> read-through (the ceiling for an XML-reader parser) and with the worker's
/// <see cref="FeedParser"/>, in MB/s on one thread; then as whole processes, <c>newswatcher feeds parse</c> against
/// Python feedparser over the same files.
/// </summary>
public static class ParseComparison
{
    public const int Copies = 10;

    private const string FeedparserScript = """
        import os, sys, feedparser
        items = 0
        for root, dirs, files in os.walk(sys.argv[1]):
            dirs.sort()
            for name in sorted(files):
                if not name.endswith(".md"):
                    with open(os.path.join(root, name), "rb") as f:
                        items += len(feedparser.parse(f.read()).entries)
        print(items)
        """;

    public static void Run(bool quick, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var source = Path.Combine(BenchmarkCorpus.CorpusRoot, "feeds");
        var folder = Directory.CreateTempSubdirectory("newswatcher-parse-");
        try
        {
            for (var copy = 0; copy < Copies; copy++)
            {
                CopyFeeds(source, Path.Combine(folder.FullName, string.Create(CultureInfo.InvariantCulture, $"copy{copy}")));
            }

            var files = Directory.EnumerateFiles(folder.FullName, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
            var megabytes = files.Sum(f => (long)f.Length) / 1048576.0;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# parsing: {files.Count} files, {megabytes:0.0} MB ({Copies} copies of the corpus feeds); in process on one thread, rates per {(ThreadClock.IsCpuTime ? "CPU-second" : "wall-clock second")}"));

            var rounds = quick ? 5 : 9;
            var firstSeen = DateTimeOffset.UnixEpoch;
            var items = 0;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            foreach (var file in files)
            {
                items += FeedParser.Parse(file, "bench", firstSeen).Articles.Count;
            }

            var allocatedPerFeed = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)files.Count;
            var retainedBefore = HeapBytes();
            var kept = files.Select(f => FeedParser.Parse(f, "bench", firstSeen)).ToList();
            var retainedPerFeed = (HeapBytes() - retainedBefore) / (double)files.Count;
            GC.KeepAlive(kept);
            // Interleaved rounds, so a change in the machine's load touches both figures alike.
            var (readThrough, parser) = Best(rounds, () => files.ForEach(ReadThrough), () => files.ForEach(f => FeedParser.Parse(f, "bench", firstSeen)));

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"readthrough_mbps={megabytes / readThrough:0.0} MB/s (XmlReader.Read over every node)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"parse_mbps={megabytes / parser:0.0} MB/s ({items} articles; {100 * readThrough / parser:0}% of the read-through)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"parse_memory_per_feed={allocatedPerFeed / 1024:0} KB allocated, {retainedPerFeed / 1024:0.0} KB kept (the articles) per feed"));
            WorstFiles(source, rounds, output);

            WholeProcess(folder.FullName, output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// No corpus file may be pathological for the parser (a hostile or broken feed rejected slowly would stall a poll):
    /// the slowest file and the slowest rejection, each against an XmlReader read-through of the same bytes.
    /// </summary>
    private static void WorstFiles(string source, int rounds, TextWriter output)
    {
        var worst = (Name: "", Seconds: 0.0, Ratio: 0.0);
        var worstRejection = (Name: "", Seconds: 0.0, Ratio: 0.0);
        foreach (var path in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".md", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(path);
            var rejected = !FeedParser.Parse(bytes, "bench", DateTimeOffset.UnixEpoch).Succeeded;
            var (parse, read) = Best(rounds, () => FeedParser.Parse(bytes, "bench", DateTimeOffset.UnixEpoch), () => ReadThrough(bytes));
            var entry = (Name: Path.GetRelativePath(source, path), Seconds: parse, Ratio: parse / Math.Max(read, 1e-6));
            worst = entry.Seconds > worst.Seconds ? entry : worst;
            worstRejection = rejected && entry.Seconds > worstRejection.Seconds ? entry : worstRejection;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parse_worst_file={worst.Seconds * 1000:0.0} ms ({worst.Name}; {worst.Ratio:0.0}x its read-through)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parse_worst_rejection={worstRejection.Seconds * 1000:0.0} ms ({(worstRejection.Name.Length > 0 ? worstRejection.Name : "none rejected")}; {worstRejection.Ratio:0.0}x its read-through)"));
    }

    /// <summary>Parses the corpus feeds over and over for <paramref name="seconds"/>, for a profiler to sample.</summary>
    public static void Profile(double seconds, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var files = Directory.EnumerateFiles(Path.Combine(BenchmarkCorpus.CorpusRoot, "feeds"), "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".md", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        var start = ThreadClock.Now();
        var bytes = 0L;
        while (ThreadClock.Now() - start < seconds)
        {
            files.ForEach(f => FeedParser.Parse(f, "bench", DateTimeOffset.UnixEpoch));
            bytes += files.Sum(f => (long)f.Length);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0 / (ThreadClock.Now() - start):0.0} MB/s"));
    }

    /// <summary>Whole processes over the same folder: the worker's own <c>feeds parse</c> and Python feedparser, in CPU time of each (user + system).</summary>
    private static void WholeProcess(string folder, TextWriter output)
    {
        var worker = Path.Combine(BenchmarkCorpus.RepositoryRoot, "src", "NewsWatcher", "bin", "Release", "net10.0", "NewsWatcher.dll");
        if (!File.Exists(worker))
        {
            output.WriteLine($"feedparser comparison skipped: {worker} is not built (dotnet build -c Release src/NewsWatcher)");
            return;
        }

        if (!File.Exists("/usr/bin/python3") || Child("/usr/bin/python3", ["-c", "import feedparser"]).ExitCode != 0)
        {
            output.WriteLine("feedparser comparison skipped: /usr/bin/python3 with feedparser is not installed (apt-get install python3-feedparser)");
            return;
        }

        // Every copy in both modes: with fewer, the worker's start-up (about 0.2 s of CPU) weighs on the ratio more
        // than the parsing it is there to compare.
        var share = Copies;
        var ours = Child("dotnet", [worker, "feeds", "parse", folder]);
        var theirs = Child("/usr/bin/python3", ["-c", FeedparserScript, folder]);
        var feedparserSeconds = theirs.CpuSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"feeds_parse_process_s={ours.CpuSeconds:0.00} s CPU over {share} copies (whole process: dotnet newswatcher feeds parse)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"feedparser_process_s={feedparserSeconds:0.00} s CPU over the same files (whole process: Python feedparser); NewsWatcher {feedparserSeconds / ours.CpuSeconds:0.0}x"));
    }

    private static (int ExitCode, double CpuSeconds) Child(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var before = ChildrenCpu.Seconds();
        using var process = Process.Start(start)!;
        var drainOut = process.StandardOutput.ReadToEndAsync();
        var drainErr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Task.WaitAll(drainOut, drainErr);
        return (process.ExitCode, ChildrenCpu.Seconds() - before);
    }

    private static void ReadThrough(byte[] file)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, CheckCharacters = false };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(file), settings);
            while (reader.Read())
            {
            }
        }
        catch (XmlException)
        {
            // A broken file ends the read-through where the XML breaks; the ceiling only counts what a reader can read.
        }
    }

    /// <summary>Seconds of the fastest of <paramref name="rounds"/> runs of each (after one warm-up run of each), the two taking turns.</summary>
    private static (double First, double Second) Best(int rounds, Action first, Action second)
    {
        first();
        second();
        var best = (First: double.MaxValue, Second: double.MaxValue);
        for (var round = 0; round < rounds; round++)
        {
            var start = ThreadClock.Now();
            first();
            var middle = ThreadClock.Now();
            second();
            var end = ThreadClock.Now();
            best = (Math.Min(best.First, middle - start), Math.Min(best.Second, end - middle));
        }

        return best;
    }

    private static long HeapBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static void CopyFeeds(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
