using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NewsWatcher.Tests.Infrastructure;
using NewsWatcher.Testing;

namespace NewsWatcher.Tests.Cli;

/// <summary><c>rules test</c> and <c>rules eval</c> as an editor runs them: the real executable in its own process.</summary>
public sealed partial class RulesCliTests : IDisposable
{
    private const string Rss = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Sample</title><link>https://news.example.org/</link><description>d</description>
        <item><guid>s1</guid><title>Kremlin rejects US ceasefire plan</title><link>https://news.example.org/s1</link><description>Moscow says no.</description></item>
        <item><guid>s2</guid><title>Local bakery wins award</title><link>https://news.example.org/s2</link></item>
        <item><guid>s3</guid><title>Hostages freed in prisoner swap</title><link>https://news.example.org/s3</link></item>
        </channel></rss>
        """;

    private readonly string _work = TempDirectory.Create("rules-cli");

    public RulesCliTests()
    {
        Directory.CreateDirectory(Path.Combine(_work, "config"));
        File.Copy(Path.Combine(Corpus.RepositoryRoot, "config", "watches.yaml"), Path.Combine(_work, "config", "watches.yaml"));
    }

    /// <summary>Issue 22's replay: TRAIN and TRAIN2 in time order, alerts per day with articles and with developments.</summary>
    [Fact]
    public async Task Replay_TrainCorpora_FewerDevelopmentAlertsThanArticlesEveryDay_UndatedRowsCounted()
    {
        var train = Corpus.Require("news/train.tsv");
        var train2 = Corpus.Require("news/train2.tsv");
        File.Copy(Path.Combine(Corpus.RepositoryRoot, "config", "stages.yaml"), Path.Combine(_work, "config", "stages.yaml"));

        var result = await CliProcess.RunAsync(_work, "rules", "replay", "--input", train, "--input", train2, "--threads", "5");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stdout.Split('\n');
        Assert.Equal("day\tarticles\tdevelopments", lines[0]);
        var days = lines.Skip(1).TakeWhile(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        Assert.All(days, d => Assert.True(int.Parse(d[2], CultureInfo.InvariantCulture) <= int.Parse(d[1], CultureInfo.InvariantCulture), string.Join(' ', d)));
        Assert.True(days.Sum(d => int.Parse(d[2], CultureInfo.InvariantCulture)) < days.Sum(d => int.Parse(d[1], CultureInfo.InvariantCulture)) / 2);
        Assert.Equal(5, lines.Count(l => l.StartsWith("# ", StringComparison.Ordinal)));
        Assert.Contains("(217 without a date left out)", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The issue's floors on DEV, end to end: detection, and the stage a subscriber is shown.</summary>
    [Fact]
    public async Task Eval_DevCorpusWithShippedWatchesAndStages_MeetsTheQualityTargets()
    {
        var dev = Corpus.Require("news/dev.tsv");
        File.Copy(Path.Combine(Corpus.RepositoryRoot, "config", "stages.yaml"), Path.Combine(_work, "config", "stages.yaml"));

        var result = await CliProcess.RunAsync(_work, "rules", "eval", "--input", dev);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal("id\tmatched\twatches\tcategories\tstage\tstage_rule\tstrength", lines[0]);
        Assert.Equal(File.ReadLines(dev).Count(), lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Matches(@"^[a-z]+-[0-9a-f]{10}\t(1\t[a-z0-9-]+(,[a-z0-9-]+)*\t[a-z]+(,[a-z]+)*\t[a-z]+\t([a-z0-9-]+\t[01](\.[0-9]+)?)?|0\t\t\t\t\t)\t?$", l));
        var metrics = MetricsLine().Match(result.Stderr);
        Assert.True(metrics.Success, result.Stderr);
        double Figure(string name) => double.Parse(metrics.Groups[name].Value, CultureInfo.InvariantCulture);
        TestContext.Current.SendDiagnosticMessage(result.Stderr);
        Assert.True(Figure("f") >= 0.97 && Figure("p") >= 0.97, result.Stderr);
        Assert.True(Figure("acc") >= 0.85 && Figure("macro") >= 0.80, result.Stderr);
        Assert.True(Figure("claims") >= 0.90, result.Stderr);
        var counted = ((string[])["tp", "fp", "fn", "tn"]).Sum(k => int.Parse(metrics.Groups[k].Value, CultureInfo.InvariantCulture));
        Assert.Equal(lines.Length - 1, counted);
    }

    [Fact]
    public async Task Eval_Confusion_PrintsLabelledAgainstShownStage()
    {
        File.WriteAllText(Path.Combine(_work, "in.tsv"), """
            id	title	description	label	category
            c1	Hamas accepts truce	 	1	acceptance
            c2	Truce violated in the south		1	violation
            c3	Truce talks resume		1	talks
            c4	Trade truce with China		0	
            c5	Peace march in town		1	proposal

            """.Replace("\r", "", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(_work, "mine.yaml"), "watches:\n  - {id: t, name: T, category: other, query: truce}\n");
        File.WriteAllText(Path.Combine(_work, "stages.yaml"), """
            rules:
              - {id: accepted, stage: acceptance, query: accepts NEAR/2 truce}
              - {id: violated, stage: violation, query: violated NEAR/2 truce}
            """);

        var result = await CliProcess.RunAsync(_work, "rules", "eval", "--input", "in.tsv", "--watches", "mine.yaml", "--stages", "stages.yaml", "--confusion");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(
            "id\tmatched\twatches\tcategories\tstage\tstage_rule\tstrength\nc1\t1\tt\tother\tacceptance\taccepted\t1\nc2\t1\tt\tother\tviolation\tviolated\t1\nc3\t1\tt\tother\tother\t\t\nc4\t1\tt\tother\tother\t\t\nc5\t0\t\t\t\t\t\n",
            result.Stdout.ReplaceLineEndings("\n"));
        var stderr = result.Stderr.ReplaceLineEndings("\n").Split('\n');

        // 2 of 4 positives right; both items shown with a specific stage are right; F1 1 for acceptance and violation, 0 for talks, other and proposal.
        Assert.EndsWith("tp=3 fp=1 fn=1 tn=0 stage_acc=0.500 claim_precision=1.000 claimed=2 stage_macro_f1=0.400", stderr[0], StringComparison.Ordinal);
        Assert.Equal(["labelled", "\\", "shown", "violation", "acceptance", "other", "(unmatched)"], stderr[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["violation", "1", "0", "0", "0"], stderr[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["acceptance", "0", "1", "0", "0"], stderr[3].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["proposal", "0", "0", "0", "1"], stderr[4].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["talks", "0", "0", "1", "0"], stderr[5].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["(negative)", "0", "0", "1", "0"], stderr[6].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>An editor measures a draft before saving it: both sets of figures, and each row the draft changes.</summary>
    [Fact]
    public async Task Eval_AgainstTheSavedRules_PrintsBothFiguresAndEveryChangedRow()
    {
        File.WriteAllText(Path.Combine(_work, "in.tsv"), """
            id	title	description	label	category
            d1	Hamas accepts truce		1	acceptance
            d2	Truce violated in the south		1	violation
            d3	Truce fans accept cup defeat		1	other
            d4	Trade truce with China		0	
            d5	Weather		0	

            """.Replace("\r", "", StringComparison.Ordinal));
        var saved = Path.Combine(_work, "saved");
        Directory.CreateDirectory(saved);
        File.WriteAllText(Path.Combine(saved, "watches.yaml"), "watches:\n  - {id: t, name: T, category: other, query: truce}\n");
        File.WriteAllText(Path.Combine(saved, "stages.yaml"), "rules:\n  - {id: accepted, stage: acceptance, query: accept* ONEAR/1 truce}\n");
        // The draft drops trade truces, catches violations, and (wrongly) reads any "accept" as acceptance.
        File.WriteAllText(Path.Combine(_work, "draft-watches.yaml"), "watches:\n  - {id: t, name: T, category: other, query: truce -trade}\n");
        File.WriteAllText(Path.Combine(_work, "draft-stages.yaml"), """
            rules:
              - {id: accepted, stage: acceptance, query: accept* NEAR/4 truce}
              - {id: violated, stage: violation, query: violated NEAR/2 truce}
            """);

        var result = await CliProcess.RunAsync(_work, "rules", "eval", "--input", "in.tsv", "--watches", "draft-watches.yaml", "--stages", "draft-stages.yaml", "--against", "saved");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var stderr = result.Stderr.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(6, stderr.Length);
        Assert.EndsWith("tp=3 fp=0 fn=0 tn=2 stage_acc=0.667 claim_precision=0.667 claimed=3 stage_macro_f1=0.556", stderr[0], StringComparison.Ordinal);
        Assert.StartsWith("against saved: precision=0.750", stderr[1], StringComparison.Ordinal);
        Assert.EndsWith("tp=3 fp=1 fn=0 tn=1 stage_acc=0.667 claim_precision=1.000 claimed=1 stage_macro_f1=0.500", stderr[1], StringComparison.Ordinal);
        Assert.Equal("changed rows: 2 better, 1 worse, 0 changed", stderr[2]);
        // Worse first: what the draft breaks is what an editor must see.
        Assert.Equal(["worse", "other", "other", "->", "acceptance", "accepted", "d3", "Truce", "fans", "accept", "cup", "defeat"], stderr[3].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["better", "violation", "other", "->", "violation", "violated", "d2", "Truce", "violated", "in", "the", "south"], stderr[4].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["better", "negative", "other", "->", "(unmatched)", "d4", "Trade", "truce", "with", "China"], stderr[5].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>An outlet column is what RSS &lt;source&gt; is to the worker: the title is read without the aggregator's suffix.</summary>
    [Fact]
    public async Task Eval_OutletColumn_TitleReadWithoutTheAggregatorsSuffix()
    {
        File.WriteAllText(Path.Combine(_work, "in.tsv"), """
            id	title	description	outlet
            o1	Israel accused of violating Gaza truce - The Moscow Times		The Moscow Times
            o2	Israel accused of violating Gaza truce - The Moscow Times		

            """.Replace("\r", "", StringComparison.Ordinal));

        var result = await CliProcess.RunAsync(_work, "rules", "eval", "--input", "in.tsv");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var rows = result.Stdout.ReplaceLineEndings("\n").Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')[2].Split(',')).ToList();
        Assert.DoesNotContain("ru-ua-truce-violated", rows[0]);
        Assert.Contains("ceasefire-violation", rows[0]);
        Assert.Contains("ru-ua-truce-violated", rows[1]);
    }

    /// <summary>Which cue or watch to look at first: each with how often it decided or matched, and how often rightly, weakest first.</summary>
    [Fact]
    public async Task Eval_ByRule_PrintsEachStageRuleAndWatchWeakestFirst()
    {
        File.WriteAllText(Path.Combine(_work, "in.tsv"), """
            id	title	description	label	category
            e1	Hamas accepts truce		1	acceptance
            e2	Rebels accept truce		1	acceptance
            e3	Truce fans accept cup defeat		1	other
            e4	Truce violated in the south		1	violation
            e5	Trade truce with China		0	

            """.Replace("\r", "", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(_work, "mine.yaml"), "watches:\n  - {id: t, name: T, category: other, query: truce}\n  - {id: v, name: V, category: violation, query: violated}\n");
        File.WriteAllText(Path.Combine(_work, "stages.yaml"), """
            rules:
              - {id: accepted, stage: acceptance, query: accept* NEAR/4 truce}
              - {id: violated, stage: violation, query: violated NEAR/2 truce}
            """);

        var result = await CliProcess.RunAsync(_work, "rules", "eval", "--input", "in.tsv", "--watches", "mine.yaml", "--stages", "stages.yaml", "--by-rule");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var stderr = result.Stderr.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(["stage", "rule", "decided", "right", "claimed", "claimed_right", "precision"], stderr[1]);
        Assert.Equal(["(no", "cue:", "other)", "1", "0", "0", "0", "0.00"], stderr[2]);
        Assert.Equal(["accepted", "3", "2", "3", "2", "0.67"], stderr[3]);
        Assert.Equal(["violated", "1", "1", "1", "1", "1.00"], stderr[4]);
        Assert.Equal(["watch", "matched", "positive", "precision"], stderr[5]);
        Assert.Equal(["t", "5", "4", "0.80"], stderr[6]);
        Assert.Equal(["v", "1", "1", "1.00"], stderr[7]);
    }

    [Fact]
    public async Task Eval_UnlabelledInputAndOwnWatches_WritesRowsAndNoMetrics()
    {
        File.WriteAllText(Path.Combine(_work, "in.tsv"), "title\tid\textra\tdescription\nTruce in Gaza\ta1\tx\t\nBakery news\ta2\tx\tTrade truce\nNo description column\ta3\n");
        File.WriteAllText(Path.Combine(_work, "mine.yaml"), """
            watches:
              - {id: truce, name: Truce, category: other, query: truce -trade}
              - {id: gaza, name: Gaza, category: humanitarian, query: title:gaza}
            """);

        var result = await CliProcess.RunAsync(_work, "rules", "eval", "--input", "in.tsv", "--watches", "mine.yaml");

        Assert.True(result.ExitCode == 0, result.Stderr);
        // No stages.yaml: the stage is the first-ranked watch category, as before stages existed.
        Assert.Equal("id\tmatched\twatches\tcategories\tstage\tstage_rule\tstrength\na1\t1\ttruce,gaza\tother,humanitarian\thumanitarian\t\t\na2\t0\t\t\t\t\t\na3\t0\t\t\t\t\t\n", result.Stdout.ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, result.Stderr);
    }

    [Fact]
    public async Task Eval_LabelledInput_PrintsCountsOnStderr()
    {
        File.WriteAllText(Path.Combine(_work, "in.tsv"), "id\ttitle\tdescription\tlabel\nb1\tTruce holds\t\t1\nb2\tTrade truce\t\t0\nb3\tPeace talks\t\t1\nb4\tWeather\t\t0\n");
        File.WriteAllText(Path.Combine(_work, "mine.yaml"), "watches:\n  - {id: t, name: T, category: other, query: truce}\n");

        var result = await CliProcess.RunAsync(_work, "rules", "eval", "--input", "in.tsv", "--watches", "mine.yaml");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("precision=0.500 recall=0.500 f1=0.500 tp=1 fp=1 fn=1 tn=1\n", result.Stderr.ReplaceLineEndings("\n"));
    }

    /// <summary>TRAIN2's Al Jazeera rows put soft hyphens inside words; eval builds articles from the TSV text as it stands.</summary>
    [Fact]
    public async Task Eval_SoftHyphensInsideWords_StagedAsTheWordsReadWithout()
    {
        File.WriteAllText(Path.Combine(_work, "in.tsv"), "id\ttitle\tdescription\tlabel\tcategory\nh1\tHa\u00ADmas agrees to cease\u00ADfire on Gaza\t\t1\tacceptance\n");
        File.WriteAllText(Path.Combine(_work, "mine.yaml"), "watches:\n  - {id: t, name: T, category: other, query: ceasefire}\n");
        File.WriteAllText(Path.Combine(_work, "stages.yaml"), """
            rules:
              - {id: fired-on, stage: violation, query: "\"fire on\""}
              - {id: accepted, stage: acceptance, query: agrees NEAR/3 ceasefire}
            actors:
              Hamas: [Hamas]
            """);

        var result = await CliProcess.RunAsync(_work, "rules", "eval", "--input", "in.tsv", "--watches", "mine.yaml", "--stages", "stages.yaml");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("id\tmatched\twatches\tcategories\tstage\tstage_rule\tstrength\nh1\t1\tt\tother\tacceptance\taccepted\t1\n", result.Stdout.ReplaceLineEndings("\n"));
        Assert.Contains("stage_acc=1.000", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing.tsv", "cannot read missing.tsv: file not found")]
    [InlineData("bad.tsv", "the header row lacks title, description")]
    public async Task Eval_UnreadableInput_ExitsNonZero(string input, string message)
    {
        File.WriteAllText(Path.Combine(_work, "bad.tsv"), "id\theadline\n1\tx\n");

        var result = await CliProcess.RunAsync(_work, "rules", "eval", "--input", input);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_Text_ShowsWatchesCategoriesAndHighlightedTerms()
    {
        var result = await CliProcess.RunAsync(_work, "rules", "test", "--text", "Kremlin rejects US-proposed 30-day cease fire");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("watch ru-ua-truce-rejected (rejection, urgent)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("title: [Kremlin] [rejects] US-proposed 30-day [cease fire]", result.Stdout, StringComparison.Ordinal);
        Assert.Matches("categories: .*rejection", result.Stdout);
        Assert.Contains("reject* = \"rejects\"", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_TextWithShippedStages_ShowsStageActorRuleTermsAndRunnersUp()
    {
        File.Copy(Path.Combine(Corpus.RepositoryRoot, "config", "stages.yaml"), Path.Combine(_work, "config", "stages.yaml"));

        var result = await CliProcess.RunAsync(_work, "rules", "test", "--text", "Kremlin rejects US-proposed 30-day cease fire");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("  stage: rejection — Russia (rule rejection-verb, strength 0.75)", lines[1]);
        Assert.Equal("    title: Kremlin [rejects] US-proposed 30-day [cease fire]", lines[2]);
        Assert.Equal("    runners-up: proposal (rule proposal-verb: propos*, cease-fire*)", lines[4]);
    }

    [Fact]
    public async Task Test_TextMatchingNothing_SaysSo()
    {
        var result = await CliProcess.RunAsync(_work, "rules", "test", "--text", "Local bakery wins award");

        Assert.Equal((0, "no watch matches"), (result.ExitCode, result.Stdout.Trim()));
    }

    [Fact]
    public async Task Test_FeedFileAndUrl_ShowOnlyMatchingArticles()
    {
        File.WriteAllText(Path.Combine(_work, "sample.xml"), Rss);
        await using var server = await TestFeedServer.StartAsync();
        var url = server.Serve("/feed.xml", Encoding.UTF8.GetBytes(Rss));

        foreach (var feed in (string[])["sample.xml", url])
        {
            var result = await CliProcess.RunAsync(_work, "rules", "test", "--feed", feed);

            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Contains("Kremlin rejects US ceasefire plan", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("link: https://news.example.org/s1", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("[Hostages] freed in [prisoner] [swap]", result.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("bakery", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("2 of 3 articles matched", result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Rules_BrokenWatches_ExitsTwoWithColumnAndCaret()
    {
        File.WriteAllText(Path.Combine(_work, "config", "watches.yaml"), "watches:\n  - id: a\n    name: A\n    category: other\n    query: (truce OR ceasefire\n");

        var result = await CliProcess.RunAsync(_work, "rules", "test", "--text", "truce");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "error: config/watches.yaml:5:31: expected ')' to close '(' opened at 5:12\n        query: (truce OR ceasefire\n" + new string(' ', 34) + "^\n",
            result.Stderr.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("rules", "rules needs 'test', 'eval' or 'replay'")]
    [InlineData("rules test", "rules test needs either --text or --feed")]
    [InlineData("rules eval", "rules eval needs --input FILE.tsv")]
    [InlineData("rules test --txt x", "rules test: unknown option '--txt'")]
    public async Task Rules_BadUsage_ExitsTwo(string args, string message)
    {
        var result = await CliProcess.RunAsync(_work, args.Split(' '));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => TempDirectory.DeleteQuietly(_work);

    [GeneratedRegex(@"^precision=(?<p>\d\.\d{3}) recall=(?<r>\d\.\d{3}) f1=(?<f>\d\.\d{3}) tp=(?<tp>\d+) fp=(?<fp>\d+) fn=(?<fn>\d+) tn=(?<tn>\d+) stage_acc=(?<acc>\d\.\d{3}) claim_precision=(?<claims>\d\.\d{3}) claimed=\d+ stage_macro_f1=(?<macro>\d\.\d{3})\r?\n$")]
    private static partial Regex MetricsLine();
}
