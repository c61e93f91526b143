using System.Text;
using NewsWatcher.Core.Matching;

namespace NewsWatcher.Benchmarks;

/// <summary>A generated watch set: the watches, each query as text (for inspection), and the term lists they use.</summary>
public sealed record GeneratedWatches(IReadOnlyList<Watch> Watches, IReadOnlyList<string> QueryTexts, IReadOnlyList<string> Lists)
{
    /// <summary>Everything, one line per list and watch: equal text means an equal watch set.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var list in Lists)
        {
            text.AppendLine(list);
        }

        foreach (var query in QueryTexts)
        {
            text.AppendLine(query);
        }

        return text.ToString();
    }
}
