using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Testing;

namespace NewsWatcher.Benchmarks.Tests;

public sealed class WatchGeneratorTests
{
    private static readonly Lazy<WatchGenerator> CorpusGenerator = new(() => new WatchGenerator(NewsVocabulary.From(BenchmarkCorpus.VocabularyArticles())));

    [Fact]
    public void Generate_SameSeed_SameWatches()
    {
        Corpus.Require("news/train.tsv");

        var first = CorpusGenerator.Value.Generate(2000, seed: 7).Describe();
        var again = new WatchGenerator(NewsVocabulary.From(BenchmarkCorpus.VocabularyArticles())).Generate(2000, seed: 7).Describe();
        var other = CorpusGenerator.Value.Generate(2000, seed: 8).Describe();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Generate_CorpusVocabulary_MixesEveryFeatureOfTheLanguage()
    {
        Corpus.Require("news/train.tsv");

        var generated = CorpusGenerator.Value.Generate(2000, seed: 7);
        var texts = generated.QueryTexts;

        Assert.Equal(2000, generated.Watches.Count);
        Assert.Equal(2000, generated.Watches.Select(w => w.Id).Distinct(StringComparer.Ordinal).Count());
        foreach (var feature in (string[])[" OR ", " NEAR/", " ONEAR/", " NOT ", " -", "@list", "title:", "summary:", "*", "\"", "exclude:"])
        {
            Assert.Contains(texts, t => t.Contains(feature, StringComparison.Ordinal));
        }

        // Diverse: thousands of distinct terms, not a few hundred reused, and every watch compiles.
        var set = new WatchSet(generated.Watches);
        Assert.True(set.TermCount > 2000, $"only {set.TermCount} distinct terms");
    }

    [Fact]
    public void From_Headlines_CountsWordsPhrasesAndNames()
    {
        var vocabulary = NewsVocabulary.From(
        [
            Article("Donald Trump meets Zelensky as peace talks resume", "The peace talks in Geneva were welcomed by the truce monitors."),
            Article("Zelensky says peace talks must include Kyiv", "Donald Trump said the talks would continue after the truce."),
            Article("Truce holds in Gaza", "Investors welcomed the truce."),
            Article("Truce holds in Gaza again", "Nothing moved."),
        ]);

        Assert.Contains(vocabulary.Entities, e => e.Text == "Donald Trump" && e.Count == 2);
        Assert.Contains(vocabulary.Entities, e => e.Text == "Zelensky" && e.Count == 2);
        Assert.Contains(vocabulary.Entities, e => e.Text == "Gaza");
        Assert.DoesNotContain(vocabulary.Entities, e => e.Text.Contains("Truce", StringComparison.Ordinal)); // mostly written "truce"
        Assert.Contains(vocabulary.Phrases, p => p.Text == "peace talks" && p.Count == 3);
        Assert.Contains(vocabulary.Words, w => w.Text == "truce" && w.Count == 5);
        Assert.DoesNotContain(vocabulary.Words, w => w.Text is "the" or "says");
    }

    private static Article Article(string title, string summary) => new("id", "feed", title, summary, null, DateTimeOffset.UnixEpoch);
}
