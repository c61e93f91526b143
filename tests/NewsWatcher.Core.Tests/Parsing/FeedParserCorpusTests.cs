using NewsWatcher.Core.Parsing;
using NewsWatcher.Testing;

namespace NewsWatcher.Core.Tests.Parsing;

/// <summary>Every file in the shared feed corpus, held to the expectation SOURCES.md gives it.</summary>
public sealed class FeedParserCorpusTests
{
    private static readonly DateTimeOffset _firstSeen = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public enum Expectation
    {
        Parses,
        Recoverable,
        MustReject,
        ParsesOrReject,
    }

    public sealed record CorpusExpectation(Expectation Kind, int? Articles = null);

    /// <summary>From SOURCES.md: the Expected column, and the Items count for files that parse.</summary>
    private static readonly Dictionary<string, CorpusExpectation> _expected = new(StringComparer.Ordinal)
    {
        ["news/ch-Rss20NYTimes.xml"] = new(Expectation.Parses, 33),
        ["news/ch-Rss20Reuters.xml"] = new(Expectation.Parses, 10),
        ["news/ch-Rss20Spiegel.xml"] = new(Expectation.Parses, 17),
        ["news/ch-Rss20LeMonde.xml"] = new(Expectation.Parses, 18),
        ["news/ch-Rss20MoscowTimes.xml"] = new(Expectation.Parses, 50),
        ["news/ch-Rss20CityDog.xml"] = new(Expectation.Parses, 10),
        ["news/ch-Rss20JapanTimes.xml"] = new(Expectation.Parses, 118),
        ["news/ch-Rss20IndianExpress.xml"] = new(Expectation.Parses, 200),
        ["news/ch-Rss20CTVNews.xml"] = new(Expectation.Parses, 10),
        ["news/ch-Rss20TheMirror.xml"] = new(Expectation.Parses, 25),
        ["news/ch-Rss20FazNet.xml"] = new(Expectation.Parses, 13),
        ["news/ch-Rss20DaStandardAt.xml"] = new(Expectation.Parses, 34),
        ["news/frs-rss_2.0_bbc.xml"] = new(Expectation.Parses, 1),
        ["news/rp-guardian.rss"] = new(Expectation.Parses, 55),
        ["news/fd-rss_ukrnet.xml"] = new(Expectation.Parses, 20),
        ["news/fd-rss_mediarss.xml"] = new(Expectation.Parses, 20),
        ["news/mf-urdu_UTF8.xml"] = new(Expectation.Parses, 26),
        ["news/r2e-bbc-chinese.atom"] = new(Expectation.Parses, 2),
        ["news/frs-rss_2.0_ilgiornale.xml"] = new(Expectation.Parses, 1),
        ["news/rp-heise.atom"] = new(Expectation.Parses, 15),
        ["rss2/rp-giantbomb-podcast.rss"] = new(Expectation.Parses, 730),
        ["rss2/ch-Rss20HubSpot.xml"] = new(Expectation.Parses, 50),
        ["rss2/fd-rss_nixos.xml"] = new(Expectation.Parses, 99),
        ["rss2/rp-content-encoded.rss"] = new(Expectation.Parses, 7),
        ["rss2/rp-reddit.rss"] = new(Expectation.Parses, 24),
        ["rss2/frs-rss_2.0_cloudflare.xml"] = new(Expectation.Parses, 1),
        ["rss2/frs-rss_2.0_vimeo_media.xml"] = new(Expectation.Parses, 1),
        ["rss2/frs-rss_2.0_anchorfm.xml"] = new(Expectation.Parses, 1),
        ["rss2/ch-Rss20ItunesSample.xml"] = new(Expectation.Parses, 4),
        ["rss2/hg-onethingwell.rss"] = new(Expectation.Parses, 20),
        ["rss2/nfp-guid-dupes.xml"] = new(Expectation.Parses, 1),
        ["rss2/nfp-rss-with-relative-urls.xml"] = new(Expectation.Parses, 2),
        ["rss2/gf-rss_channel_item_title_naked_markup.xml"] = new(Expectation.Parses, 1),
        ["rss2/gf-rss_channel_item_title_cdata_escaped_markup.xml"] = new(Expectation.Parses, 1),
        ["rss2/gf-rss_channel_item_description_mixed_cdata.xml"] = new(Expectation.Parses, 1),
        ["rss2/ch-Rss20JungeGruender.xml"] = new(Expectation.Parses, 6),
        ["rss2/frs-rss_2.0_nbcny.xml"] = new(Expectation.Parses, 1),
        ["rss2/r2e-tails.rss"] = new(Expectation.Parses, 10),
        ["rss1/ch-Rss10OrfAt.xml"] = new(Expectation.Parses, 50),
        ["rss1/ch-Rss10Minutos20.xml"] = new(Expectation.Parses, 15),
        ["rss1/rp-craigslist.rss"] = new(Expectation.Parses, 25),
        ["rss1/frs-rss_1.0_biorxiv.xml"] = new(Expectation.Parses, 1),
        ["rss1/frs-rss_1.0_debian.xml"] = new(Expectation.Parses, 1),
        ["rss1/r2e-gmane.rss"] = new(Expectation.Parses, 5),
        ["rss1/fd-rdf_slashdot.xml"] = new(Expectation.Parses, 15),
        ["rss09x/ch-Rss091Stadtfeuerwehr.xml"] = new(Expectation.Parses, 15),
        ["rss09x/ch-Rss091FullSample.xml"] = new(Expectation.Parses, 1),
        // SOURCES counts 22 items, but two of them are byte-identical (same text, no guid): the duplicate is dropped.
        ["rss09x/ch-Rss092FullSample.xml"] = new(Expectation.Parses, 21),
        ["rss09x/frs-rss_0.91_spec_1.xml"] = new(Expectation.Parses, 2),
        ["rss09x/frs-rss_0.92_spec_1.xml"] = new(Expectation.Parses, 3),
        ["rss09x/mf-rdf_UTF8.xml"] = new(Expectation.Parses, 60),
        ["rss09x/gf-version_rdf_090.xml"] = new(Expectation.Parses, 0),
        ["rss09x/fp-rss_version_094.xml"] = new(Expectation.Parses, 0),
        ["atom/ch-AtomTheVerge.xml"] = new(Expectation.Parses, 10),
        ["atom/ch-AtomYoutubeInvestmentPunk.xml"] = new(Expectation.Parses, 15),
        ["atom/ch-AtomBattleNet.xml"] = new(Expectation.Parses, 11),
        ["atom/fp-large_atom_feed_that_needs_css_sanitisation.xml"] = new(Expectation.Parses, 15),
        ["atom/nfp-intertwingly.atom"] = new(Expectation.Parses, 20),
        ["atom/nfp-tpm.atom"] = new(Expectation.Parses, 20),
        ["atom/nfp-nondefaultnamespace.atom"] = new(Expectation.Parses, 1),
        ["atom/frs-atom_mediarss_reddit_1.xml"] = new(Expectation.Parses, 25),
        ["atom/frs-atom_mediarss_youtube_1.xml"] = new(Expectation.Parses, 1),
        ["atom/frs-atom_xml_base.xml"] = new(Expectation.Parses, 1),
        ["atom/hg-github_rss.atom"] = new(Expectation.Parses, 20),
        ["atom/hg-cdata_rss.atom"] = new(Expectation.Parses, 10),
        ["atom/mf-large_atom.xml"] = new(Expectation.Parses, 25),
        ["atom/gf-atom03_feed.xml"] = new(Expectation.Parses, 0),
        ["atom/r2e-quiltville.atom"] = new(Expectation.Parses, 25),
        ["atom/fd-atom_research_rsc.xml"] = new(Expectation.Parses, 17),
        // SOURCES counts 1 entry, but it has only an id (no title, no link), so it is skipped by design.
        ["atom/rp-missing-fields.atom"] = new(Expectation.Parses, 0),
        ["encodings/mf-encoding_WINDOWS-1251.xml"] = new(Expectation.Parses, 50),
        ["encodings/nfp-iconv.xml"] = new(Expectation.Parses, 10),
        ["encodings/mf-koi8r.xml"] = new(Expectation.Parses, 2),
        ["encodings/fp-koi8r.xml"] = new(Expectation.Recoverable),
        ["encodings/ch-Rss20YandexRussia.xml"] = new(Expectation.Parses, 15),
        ["encodings/ch-Rss20ISO88591Intranet30.xml"] = new(Expectation.Parses, 30),
        ["encodings/rp-encoding.rss"] = new(Expectation.Parses, 40),
        ["encodings/mf-windows-1252.xml"] = new(Expectation.Parses, 0),
        ["encodings/mf-utf8-incorrect-prolog.xml"] = new(Expectation.Recoverable),
        ["encodings/fp-utf-16le-bom.xml"] = new(Expectation.Parses, 0),
        ["encodings/fp-utf-16be.xml"] = new(Expectation.Parses, 0),
        ["encodings/fp-utf-32be.xml"] = new(Expectation.ParsesOrReject),
        ["encodings/fp-utf-8-bom.xml"] = new(Expectation.Parses, 0),
        ["encodings/fp-big5.xml"] = new(Expectation.Parses, 0),
        ["encodings/fp-euc-kr.xml"] = new(Expectation.Parses, 0),
        ["encodings/fp-windows1255.xml"] = new(Expectation.Recoverable),
        ["encodings/fp-http_high_bit_date.xml"] = new(Expectation.Parses, 0),
        ["encodings/fp-demoronize-1.xml"] = new(Expectation.Parses, 1),
        ["malformed/ch-AtomSpecialCharacters.xml"] = new(Expectation.Recoverable),
        ["malformed/rp-uolNoticias.rss"] = new(Expectation.Recoverable),
        ["malformed/rp-itunes-keywords-astext.rss"] = new(Expectation.Recoverable),
        ["malformed/fd-atom_cowboy.xml"] = new(Expectation.Recoverable),
        ["malformed/fd-rss_theguardian.xml"] = new(Expectation.Recoverable),
        ["malformed/frs-rss_2.0_dbengines.xml"] = new(Expectation.Recoverable),
        ["malformed/frs-rss_2.0_invalid_1.xml"] = new(Expectation.Recoverable),
        ["malformed/fp-rss_incomplete_cdata.xml"] = new(Expectation.Recoverable),
        ["malformed/fp-undeclared_namespace.xml"] = new(Expectation.Recoverable),
        ["malformed/fp-bozo_invalid-bytes-with-bom.xml"] = new(Expectation.Recoverable),
        ["malformed/fp-bozo_bogus_encoding.xml"] = new(Expectation.Recoverable),
        ["malformed/fp-bozo_double-encoded-html.xml"] = new(Expectation.Recoverable),
        ["malformed/gf-issue_305_bare_ampersand.xml"] = new(Expectation.Recoverable),
        ["malformed/gf-rss_channel_item_illegal_char.xml"] = new(Expectation.Recoverable),
        ["malformed/gf-empty_feed.xml"] = new(Expectation.MustReject),
        ["malformed/nfp-notafeed.html"] = new(Expectation.MustReject),
        // gzip bytes served without Content-Encoding: we decompress, so the 10 items inside must come out.
        ["malformed/nfp-compressed.xml"] = new(Expectation.Recoverable, 10),
        ["malformed/fp-entity_in_doctype.xml"] = new(Expectation.ParsesOrReject),
        ["malformed/fp-doctype_contains_entity_decl.xml"] = new(Expectation.ParsesOrReject),
        ["malformed/dx-xmlbomb.xml"] = new(Expectation.MustReject),
        ["malformed/dx-quadratic.xml"] = new(Expectation.MustReject),
        ["malformed/dx-external.xml"] = new(Expectation.MustReject),
    };

    public static TheoryData<string> Files()
    {
        var files = Corpus.Files("feeds").ToList();
        // With no corpus the single placeholder row skips (via Corpus.Require) instead of failing for lack of data.
        return new TheoryData<string>(files.Count > 0 ? files : ["feeds/(corpus absent)"]);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Parse_CorpusFile_MeetsSourcesExpectation(string relativePath)
    {
        var path = Corpus.Require(relativePath);
        var key = relativePath["feeds/".Length..];
        Assert.True(_expected.TryGetValue(key, out var expected), $"{key} has no row in the expectation table; add one from SOURCES.md.");

        var bytes = File.ReadAllBytes(path);
        var result = FeedParser.Parse(bytes, "corpus", _firstSeen, new Uri("https://example.org/feed"));

        // Parse swallows unexpected exceptions into this prefix; seeing it means a bug, not a bad feed.
        Assert.False(result.Error?.StartsWith("parser failure", StringComparison.Ordinal) ?? false, result.Error);

        switch (expected.Kind)
        {
            case Expectation.Parses:
                Assert.True(result.Succeeded, result.Error);
                Assert.Equal(expected.Articles, result.Articles.Count);
                break;
            case Expectation.MustReject:
                Assert.False(result.Succeeded);
                Assert.False(string.IsNullOrWhiteSpace(result.Error));
                Assert.Empty(result.Articles);
                break;
            case Expectation.Recoverable when expected.Articles is { } count:
                Assert.True(result.Succeeded, result.Error);
                Assert.Equal(count, result.Articles.Count);
                break;
            default:
                Assert.True(result.Succeeded || !string.IsNullOrWhiteSpace(result.Error));
                break;
        }

        foreach (var article in result.Articles)
        {
            Assert.Equal("corpus", article.FeedId);
            Assert.False(string.IsNullOrWhiteSpace(article.Id));
            Assert.True(article.Title.Length > 0 || article.Link is not null || article.Summary.Length > 0);
            Assert.Equal(TimeSpan.Zero, article.Published.Offset);
            Assert.True(article.Published <= _firstSeen.AddDays(1));
            Assert.True(article.Summary.Length <= FeedParser.MaxSummaryLength + 1);
            if (article.Link is not null)
            {
                Assert.True(article.Link.StartsWith("http://", StringComparison.Ordinal) || article.Link.StartsWith("https://", StringComparison.Ordinal), article.Link);
            }
        }

        Assert.Equal(result.Articles.Count, result.Articles.Select(a => a.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("news/fd-rss_ukrnet.xml")]
    [InlineData("news/ch-Rss20MoscowTimes.xml")]
    public void Parse_CyrillicFeed_KeepsCyrillicText(string file)
    {
        var path = Corpus.Require("feeds/" + file);

        var result = FeedParser.Parse(File.ReadAllBytes(path), "corpus", _firstSeen);

        Assert.True(result.Succeeded, result.Error);
        var text = string.Concat(result.Articles.Select(a => a.Title + a.Summary));
        Assert.DoesNotContain('\uFFFD', text);
        Assert.Contains(text, c => c is >= '\u0400' and <= '\u04FF');
    }

    [Theory]
    [InlineData("malformed/dx-xmlbomb.xml")]
    [InlineData("malformed/dx-quadratic.xml")]
    [InlineData("malformed/dx-external.xml")]
    public void Parse_EntityDeclarations_RejectedAsDtd(string file)
    {
        var path = Corpus.Require("feeds/" + file);

        var result = FeedParser.Parse(File.ReadAllBytes(path), "corpus", _firstSeen);

        Assert.Equal("DTD entity declarations are not allowed", result.Error);
    }

    [Fact]
    public void Parse_NotAFeed_NamesTheRootElement()
    {
        var path = Corpus.Require("feeds/malformed/nfp-notafeed.html");

        var result = FeedParser.Parse(File.ReadAllBytes(path), "corpus", _firstSeen);

        Assert.Equal("not a feed: root element <html>", result.Error);
    }
}
