namespace NewsWatcher.Core.Watches;

/// <summary>
/// One article field tokenised once: part tokens by position, plus joined compounds, with lookups so each rule term
/// finds its candidate positions without rescanning the text.
/// </summary>
internal sealed class FieldText
{
    private static readonly List<int> NoPositions = [];

    private readonly Dictionary<string, List<int>> _positionsByText = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _compoundsByText = new(StringComparer.Ordinal);
    private readonly List<CompoundToken>[] _compoundsAt;

    public FieldText(string field, string text)
    {
        Field = field;
        var tokens = new List<Token>();
        var compounds = new List<CompoundToken>();
        foreach (var word in WordScanner.Scan(text))
        {
            var first = tokens.Count;
            tokens.AddRange(word.Parts);
            if (word.Parts.Count > 1)
            {
                compounds.Add(new CompoundToken(word.Joined, first, tokens.Count - 1));
            }
        }

        Tokens = tokens;
        Compounds = compounds;
        _compoundsAt = new List<CompoundToken>[tokens.Count];
        for (var p = 0; p < tokens.Count; p++)
        {
            Add(_positionsByText, tokens[p].Text, p);
        }

        for (var c = 0; c < compounds.Count; c++)
        {
            Add(_compoundsByText, compounds[c].Text, c);
            (_compoundsAt[compounds[c].First] ??= []).Add(compounds[c]);
        }
    }

    public string Field { get; }

    public IReadOnlyList<Token> Tokens { get; }

    public IReadOnlyList<CompoundToken> Compounds { get; }

    public IReadOnlyList<int> PositionsOf(string text) => _positionsByText.GetValueOrDefault(text, NoPositions);

    public IReadOnlyList<int> CompoundIndexesOf(string text) => _compoundsByText.GetValueOrDefault(text, NoPositions);

    public IReadOnlyList<CompoundToken> CompoundsAt(int position) => (IReadOnlyList<CompoundToken>?)_compoundsAt[position] ?? [];

    private static void Add(Dictionary<string, List<int>> index, string key, int value)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(value);
    }
}
