namespace NewsWatcher.Core.Matching;

/// <summary>Root of the watch query tree, parsed from the query language or built from the any/all/none form.</summary>
/// <remarks>
/// Every node knows its depth and how many terms it expands to (a list used twice counts twice), worked out once when it
/// is built, so the parser can refuse a query that is too deep or too big before anything walks it recursively.
/// </remarks>
public abstract record Query
{
    /// <summary>Levels from this node down to its deepest term; a term is 1.</summary>
    public abstract int Depth { get; }

    /// <summary>Terms in the tree as evaluation sees it, shared sub-trees counted at every use (saturates at <see cref="int.MaxValue"/>).</summary>
    public abstract int TermCount { get; }

    private protected static int DepthOf(IReadOnlyList<Query> operands)
    {
        var depth = 0;
        foreach (var operand in operands)
        {
            depth = Math.Max(depth, operand.Depth);
        }

        return depth == int.MaxValue ? depth : depth + 1;
    }

    private protected static int TermsOf(IReadOnlyList<Query> operands)
    {
        long terms = 0;
        foreach (var operand in operands)
        {
            terms += operand.TermCount;
        }

        return (int)Math.Min(terms, int.MaxValue);
    }
}
