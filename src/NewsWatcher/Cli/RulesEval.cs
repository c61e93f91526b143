using System.Globalization;
using NewsWatcher.Core.Articles;
using NewsWatcher.Core.Stages;
using NewsWatcher.Core.Watches;

namespace NewsWatcher.Cli;

/// <summary><c>rules eval</c>: runs the watches and the stage cues over a labelled TSV and scores them.</summary>
internal static class RulesEval
{
    /// <summary>The confusion matrix's column for labelled positives no watch matched.</summary>
    public const string Unmatched = "(unmatched)";

    private static readonly string[] RequiredColumns = ["id", "title", "description"];

    public static async Task<int> RunAsync(WatchSet watches, StageSet stages, string input, bool confusion, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(watches);
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (await LabelledTsv.ReadAsync(input, RequiredColumns, " (it needs id, title, description; label and category are optional)", error, cancellationToken).ConfigureAwait(false) is not var (lines, columns))
        {
            return ExitCodes.Failed;
        }

        var labelled = columns.TryGetValue("label", out var labelColumn);
        var staged = columns.TryGetValue("category", out var categoryColumn) && labelled;
        int tp = 0, fp = 0, fn = 0, tn = 0;
        var scores = new StageScores();
        await output.WriteLineAsync("id\tmatched\twatches\tcategories\tstage\tstage_rule\tstrength").ConfigureAwait(false);
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.TrimEnd('\r').Split('\t');
            string Cell(int index) => index < cells.Length ? cells[index] : string.Empty;
            var id = Cell(columns["id"]);
            var article = new Article(id, "eval", Cell(columns["title"]), Cell(columns["description"]), null, DateTimeOffset.UnixEpoch);
            var matches = watches.Match(article);
            var matched = matches.Count > 0;
            var decision = matched ? stages.Classify(article, matches) : null;
            var stage = decision?.Stage;
            var ids = string.Join(",", matches.Select(m => m.WatchId));
            var categories = string.Join(",", matches.Select(m => m.Category).Distinct());
            var strength = decision?.Rule is null ? string.Empty : decision.Strength.ToString("0.###", CultureInfo.InvariantCulture);
            await output.WriteLineAsync($"{id}\t{(matched ? 1 : 0)}\t{ids}\t{categories}\t{stage}\t{decision?.Rule?.RuleId}\t{strength}").ConfigureAwait(false);
            if (labelled)
            {
                var positive = Cell(labelColumn).Trim() == "1";
                _ = (matched, positive) switch
                {
                    (true, true) => tp++,
                    (true, false) => fp++,
                    (false, true) => fn++,
                    _ => tn++,
                };
                if (staged)
                {
                    scores.Add(positive ? Cell(categoryColumn).Trim() : null, stage);
                }
            }
        }

        if (labelled)
        {
            var precision = tp + fp == 0 ? 0 : tp / (double)(tp + fp);
            var recall = tp + fn == 0 ? 0 : tp / (double)(tp + fn);
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            var stageFigures = staged ? string.Create(CultureInfo.InvariantCulture, $" stage_acc={scores.Accuracy:F3} claim_precision={scores.ClaimPrecision:F3} claimed={scores.Claimed} stage_macro_f1={scores.MacroF1:F3}") : string.Empty;
            await error.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"precision={precision:F3} recall={recall:F3} f1={f1:F3} tp={tp} fp={fp} fn={fn} tn={tn}{stageFigures}")).ConfigureAwait(false);
        }

        if (confusion)
        {
            await error.WriteAsync(staged ? scores.Confusion() : "no confusion matrix: the input needs label and category columns\n").ConfigureAwait(false);
        }

        return 0;
    }
}
