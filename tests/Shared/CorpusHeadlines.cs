using System.Globalization;

namespace NewsWatcher.Testing;

/// <summary>Real headlines from ../shared/corpus/news/dev.tsv by id, with the time the archive captured them.</summary>
internal static class CorpusHeadlines
{
    public sealed record Headline(string Id, string Title, string Description, DateTimeOffset Captured)
    {
        /// <summary>The outlet, from the aggregator's " - Outlet" suffix.</summary>
        public string Outlet => Title[(Title.LastIndexOf(" - ", StringComparison.Ordinal) + 3)..];
    }

    public static Headline Get(string id)
    {
        var path = Corpus.Require("news/dev.tsv");
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split('\t');
            if (f[0] == id)
            {
                // source_file is news/yyyy/MM/dd/HH-mm.md: the capture time of the archive snapshot.
                var captured = DateTimeOffset.ParseExact(f[2]["news/".Length..^".md".Length], "yyyy/MM/dd/HH-mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                return new Headline(f[0], f[4], f[5], captured);
            }
        }

        throw new InvalidOperationException($"{id} is not in {path}");
    }
}
