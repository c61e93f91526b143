using System.Globalization;
using System.Text;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Cli;

/// <summary><c>rules eval</c>: runs the watches and the stage cues over a labelled TSV and scores them.</summary>
internal static class RulesEval
{
    /// <summary>The confusion matrix's column for labelled positives no watch matched.</summary>
    public const string Unmatched = "(unmatched)";

    private static readonly string[] RequiredColumns = ["id", "title", "description"];

    /// <summary>What to print beside the rows and the figures.</summary>
    /// <param name="Confusion">The matrix of labelled against shown stage.</param>
    /// <param name="ByRule">How often each stage rule decided and each watch matched, and how often rightly.</param>
    /// <param name="Against">Other rules (a config folder's) to score on the same rows, with every row whose result differs.</param>
    public sealed record Report(bool Confusion = false, bool ByRule = false, (string Name, WatchSet Watches, StageSet Stages)? Against = null);

    public static async Task<int> RunAsync(WatchSet watches, StageSet stages, string input, Report report, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(watches);
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (await LabelledTsv.ReadAsync(input, RequiredColumns, " (it needs id, title, description; label and category are optional)", error, cancellationToken).ConfigureAwait(false) is not var (lines, columns))
        {
            return ExitCodes.Failed;
        }

        var labelled = columns.TryGetValue("label", out var labelColumn);
        var staged = columns.TryGetValue("category", out var categoryColumn) && labelled;
        // An aggregator's outlet, as RSS <source> gives it to the worker: the title is then read without its suffix.
        var outlets = columns.TryGetValue("outlet", out var outletColumn);
        var items = new List<LabelledItem>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.TrimEnd('\r').Split('\t');
            string Cell(int index) => index < cells.Length ? cells[index] : string.Empty;
            var id = Cell(columns["id"]);
            bool? positive = labelled ? Cell(labelColumn).Trim() == "1" : null;
            var gold = staged && positive == true ? Cell(categoryColumn).Trim() : null;
            var outlet = outlets && Cell(outletColumn).Trim() is { Length: > 0 } named ? named : null;
            items.Add(new LabelledItem(new Article(id, "eval", Cell(columns["title"]), Cell(columns["description"]), null, DateTimeOffset.UnixEpoch, Outlet: outlet), positive, gold));
        }

        var results = Evaluate(items, watches, stages);
        await output.WriteLineAsync("id\tmatched\twatches\tcategories\tstage\tstage_rule\tstrength").ConfigureAwait(false);
        foreach (var result in results)
        {
            var decision = result.Decision;
            var ids = string.Join(",", result.Matches.Select(m => m.WatchId));
            var categories = string.Join(",", result.Matches.Select(m => m.Category).Distinct());
            var strength = decision?.Rule is null ? string.Empty : decision.Strength.ToString("0.###", CultureInfo.InvariantCulture);
            await output.WriteLineAsync($"{result.Item.Article.Id}\t{(result.Matched ? 1 : 0)}\t{ids}\t{categories}\t{decision?.Stage}\t{decision?.Rule?.RuleId}\t{strength}").ConfigureAwait(false);
        }

        if (labelled)
        {
            await error.WriteLineAsync(Figures(results, staged, out var scores)).ConfigureAwait(false);
            if (report.Confusion)
            {
                await error.WriteAsync(staged ? scores.Confusion() : "no confusion matrix: the input needs label and category columns\n").ConfigureAwait(false);
            }
        }
        else if (report.Confusion)
        {
            await error.WriteAsync("no confusion matrix: the input needs label and category columns\n").ConfigureAwait(false);
        }

        if (report.ByRule)
        {
            await error.WriteAsync(labelled ? ByRule(results) : "no figures by rule: the input needs a label column\n").ConfigureAwait(false);
        }

        if (report.Against is { } against)
        {
            var before = Evaluate(items, against.Watches, against.Stages);
            if (labelled)
            {
                await error.WriteLineAsync($"against {against.Name}: {Figures(before, staged, out _)}").ConfigureAwait(false);
            }

            await error.WriteAsync(Changes(before, results)).ConfigureAwait(false);
        }

        return 0;
    }

    private static List<ItemResult> Evaluate(List<LabelledItem> items, WatchSet watches, StageSet stages) =>
        [.. items.Select(item =>
        {
            var matches = watches.Match(item.Article);
            return new ItemResult(item, matches, matches.Count > 0 ? stages.Classify(item.Article, matches) : null);
        })];

    private static string Figures(List<ItemResult> results, bool staged, out StageScores scores)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        scores = new StageScores();
        foreach (var result in results)
        {
            _ = (result.Matched, result.Item.Positive == true) switch
            {
                (true, true) => tp++,
                (true, false) => fp++,
                (false, true) => fn++,
                _ => tn++,
            };
            if (staged)
            {
                scores.Add(result.Item.Gold, result.Decision?.Stage);
            }
        }

        var precision = tp + fp == 0 ? 0 : tp / (double)(tp + fp);
        var recall = tp + fn == 0 ? 0 : tp / (double)(tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        var stageFigures = staged ? string.Create(CultureInfo.InvariantCulture, $" stage_acc={scores.Accuracy:F3} claim_precision={scores.ClaimPrecision:F3} claimed={scores.Claimed} stage_macro_f1={scores.MacroF1:F3}") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"precision={precision:F3} recall={recall:F3} f1={f1:F3} tp={tp} fp={fp} fn={fn} tn={tn}{stageFigures}");
    }

    /// <summary>
    /// Each stage rule that decided a matched item (how many it decided, how many of those it claimed and how many
    /// rightly), then each watch (how many items it matched, how many of them are labelled positive); weakest first.
    /// </summary>
    private static string ByRule(List<ItemResult> results)
    {
        var text = new StringBuilder();
        var staged = results.Any(r => r.Item.Gold is not null);
        if (staged)
        {
            text.Append("stage rule").Append(' ', 24).Append("decided  right  claimed  claimed_right  precision\n");
            var rules = results.Where(r => r.Decision is not null)
                .GroupBy(r => r.Decision!.Rule?.RuleId ?? "(no cue: " + r.Decision!.Stage + ")")
                .Select(g => (Rule: g.Key, Decided: g.Count(), Right: g.Count(Right),
                    Claimed: g.Count(r => r.Decision!.Stage != StageNames.Other), ClaimedRight: g.Count(r => r.Decision!.Stage != StageNames.Other && Right(r))))
                .OrderBy(r => r.Right / (double)r.Decided).ThenByDescending(r => r.Decided).ThenBy(r => r.Rule, StringComparer.Ordinal);
            foreach (var rule in rules)
            {
                text.Append(CultureInfo.InvariantCulture, $"{rule.Rule,-34}{rule.Decided,7}{rule.Right,7}{rule.Claimed,9}{rule.ClaimedRight,15}{rule.Right / (double)rule.Decided,11:F2}\n");
            }
        }

        text.Append("watch").Append(' ', 29).Append("matched  positive  precision\n");
        var watches = results.SelectMany(r => r.Matches.Select(m => m.WatchId).Distinct(StringComparer.Ordinal).Select(w => (Watch: w, Positive: r.Item.Positive == true)))
            .GroupBy(w => w.Watch, StringComparer.Ordinal)
            .Select(g => (Watch: g.Key, Matched: g.Count(), Positive: g.Count(w => w.Positive)))
            .OrderBy(w => w.Positive / (double)w.Matched).ThenByDescending(w => w.Matched).ThenBy(w => w.Watch, StringComparer.Ordinal);
        foreach (var watch in watches)
        {
            text.Append(CultureInfo.InvariantCulture, $"{watch.Watch,-34}{watch.Matched,7}{watch.Positive,10}{watch.Positive / (double)watch.Matched,11:F2}\n");
        }

        return text.ToString();
    }

    /// <summary>Every row whose result differs between <paramref name="before"/> and <paramref name="after"/>: better, worse, or changed (neither right).</summary>
    private static string Changes(List<ItemResult> before, List<ItemResult> after)
    {
        var rows = new List<(string Mark, string Line)>();
        for (var i = 0; i < after.Count; i++)
        {
            var (was, now) = (before[i], after[i]);
            if (Shown(was) == Shown(now))
            {
                continue;
            }

            var item = now.Item;
            var mark = item.Positive is null ? "changed" : Right(now) ? "better" : Right(was) ? "worse" : "changed";
            var labelledAs = item.Positive switch { null => "", true => item.Gold ?? "positive", false => "negative" };
            rows.Add((mark, $"{mark,-8}{labelledAs,-13}{Shown(was),12} -> {Shown(now),-12}{now.Decision?.Rule?.RuleId ?? "",-26}{item.Article.Id}  {PlainText.Truncate(item.Article.Title, 110)}"));
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"changed rows: {rows.Count(r => r.Mark == "better")} better, {rows.Count(r => r.Mark == "worse")} worse, {rows.Count(r => r.Mark == "changed")} changed\n");
        foreach (var (_, line) in rows.OrderBy(r => r.Mark switch { "worse" => 0, "changed" => 1, _ => 2 }))
        {
            text.Append("  ").Append(line).Append('\n');
        }

        return text.ToString();
    }

    private static string Shown(ItemResult result) => result.Decision?.Stage ?? Unmatched;

    /// <summary>Right as a subscriber would judge it: a positive shown under its labelled stage (matched, when it has no category), a negative not matched.</summary>
    private static bool Right(ItemResult result) => result.Item.Positive switch
    {
        true => result.Item.Gold is null ? result.Matched : result.Decision?.Stage == result.Item.Gold,
        false => !result.Matched,
        null => false,
    };

    private sealed record LabelledItem(Article Article, bool? Positive, string? Gold);

    private sealed record ItemResult(LabelledItem Item, IReadOnlyList<WatchMatch> Matches, StageDecision? Decision)
    {
        public bool Matched => Matches.Count > 0;
    }
}
