using System.Globalization;
using System.Text;
using NewsWatcher.Core.Matching;

namespace NewsWatcher.Cli;

/// <summary>
/// Stage figures of <c>rules eval</c>: accuracy over the labelled positives (matched and given their labelled stage,
/// over all positives), claim precision (of the items shown with a specific stage, the share shown the right one),
/// macro-F1 over the stages, and the confusion matrix of labelled against shown stage.
/// </summary>
/// <remarks>
/// Unmatched positives count against recall and matched negatives against precision of the stage they were shown
/// under, so both figures measure what a subscriber reads end to end, not the cues alone.
/// </remarks>
internal sealed class StageScores
{
    private const string Negative = "(negative)";

    private readonly Dictionary<(string Gold, string Shown), int> _cells = [];
    private int _positives;
    private int _correct;
    private int _claimed;
    private int _claimedRight;

    public double Accuracy => _positives == 0 ? 0 : _correct / (double)_positives;

    /// <summary>Matched items shown with a specific stage (not the neutral <c>other</c>).</summary>
    public int Claimed => _claimed;

    /// <summary>Of the matched items shown with a specific stage, the share whose stage is right (a matched negative never is).</summary>
    public double ClaimPrecision => _claimed == 0 ? 0 : _claimedRight / (double)_claimed;

    /// <summary>Mean F1 over the stages that were labelled or shown at least once.</summary>
    public double MacroF1
    {
        get
        {
            var f1s = new List<double>();
            foreach (var stage in StageNames.Precedence)
            {
                var truePositive = _cells.GetValueOrDefault((stage, stage));
                var labelled = _cells.Where(c => c.Key.Gold == stage).Sum(c => c.Value);
                var shown = _cells.Where(c => c.Key.Shown == stage).Sum(c => c.Value);
                if (labelled + shown == 0)
                {
                    continue;
                }

                f1s.Add(2.0 * truePositive / (labelled + shown));
            }

            return f1s.Count == 0 ? 0 : f1s.Average();
        }
    }

    /// <param name="gold">The labelled stage of a positive; null for a negative.</param>
    /// <param name="shown">The stage shown; null when no watch matched.</param>
    public void Add(string? gold, string? shown)
    {
        if (gold is null && shown is null)
        {
            return;
        }

        if (gold is not null)
        {
            _positives++;
            _correct += gold == shown ? 1 : 0;
        }

        if (shown is not null && shown != StageNames.Other)
        {
            _claimed++;
            _claimedRight += gold == shown ? 1 : 0;
        }

        var key = (gold ?? Negative, shown ?? RulesEval.Unmatched);
        _cells[key] = _cells.GetValueOrDefault(key) + 1;
    }

    /// <summary>Rows: the labelled stage (and matched negatives); columns: the stage shown (or unmatched).</summary>
    public string Confusion()
    {
        if (_cells.Count == 0)
        {
            return "no labelled positives and no matches: nothing to tabulate\n";
        }

        var rows = StageNames.Precedence.Append(Negative).Where(r => _cells.Keys.Any(k => k.Gold == r)).ToList();
        var columns = StageNames.Precedence.Append(RulesEval.Unmatched).Where(c => _cells.Keys.Any(k => k.Shown == c)).ToList();
        var width = Math.Max(12, columns.Max(c => c.Length) + 1);
        var text = new StringBuilder();
        text.Append("labelled \\ shown".PadRight(14));
        foreach (var column in columns)
        {
            text.Append(column.PadLeft(width));
        }

        text.Append('\n');
        foreach (var row in rows)
        {
            text.Append(row.PadRight(14));
            foreach (var column in columns)
            {
                text.Append(_cells.GetValueOrDefault((row, column)).ToString(CultureInfo.InvariantCulture).PadLeft(width));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
