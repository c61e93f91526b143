namespace NewsWatcher.Core.Watches;

/// <summary>Matches when every operand matches.</summary>
public sealed record AndQuery(IReadOnlyList<Query> Operands) : Query;
