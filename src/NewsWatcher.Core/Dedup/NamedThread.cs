using NewsWatcher.Core.Matching;

namespace NewsWatcher.Core.Dedup;

/// <summary>A conflict an editor named in stages.yaml's <c>threads:</c> section: its truce threads carry this name.</summary>
/// <param name="Id">Stable id; part of the thread key, so renaming keeps the running thread.</param>
/// <param name="Parties">Actor names (the <c>actors:</c> of stages.yaml) that are the sides of this conflict.</param>
/// <param name="Terms">Words that place a headline in this conflict as a party would (Gaza, Donbas, Hormuz); null when none.</param>
public sealed record NamedThread(string Id, string Name, IReadOnlyList<string> Parties, int Line = 0, Query? Terms = null);
