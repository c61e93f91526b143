using System.Globalization;

namespace NewsWatcher.Testing;

/// <summary>Real headlines from ../shared/corpus/news (dev.tsv, then train.tsv) by id, with the time the archive captured them.</summary>
internal static class CorpusHeadlines
{
    public sealed record Headline(string Id, string Title, string Description, DateTimeOffset Captured)
    {
        /// <summary>The outlet, from the aggregator's " - Outlet" suffix.</summary>
        public string Outlet => Title[(Title.LastIndexOf(" - ", StringComparison.Ordinal) + 3)..];
    }

    public static Headline Get(string id)
    {
        foreach (var file in (string[])["news/dev.tsv", "news/train.tsv"])
        {
            foreach (var line in File.ReadLines(Corpus.Require(file)).Skip(1))
            {
                var f = line.Split('\t');
                if (f[0] == id)
                {
                    // source_file is news/[topics/]yyyy/MM/dd/HH-mm.md: the capture time of the archive snapshot.
                    var stamp = f[2][^"yyyy/MM/dd/HH-mm.md".Length..^".md".Length];
                    var captured = DateTimeOffset.ParseExact(stamp, "yyyy/MM/dd/HH-mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                    return new Headline(f[0], f[4], f[5], captured);
                }
            }
        }

        throw new InvalidOperationException($"{id} is in neither news/dev.tsv nor news/train.tsv");
    }
}
