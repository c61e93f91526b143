namespace NewsWatcher.Core.Configuration;

/// <summary>
/// One editor-owned regression example (an entry of <c>examples:</c> in watches.yaml or stages.yaml): a headline, and
/// what the rules must make of it. <see cref="RuleExamples.Check"/> runs it.
/// </summary>
/// <param name="File">The file it is written in, as shown in messages.</param>
/// <param name="Line">Its line there.</param>
/// <param name="Summary">The article's summary; empty for a headline alone.</param>
/// <param name="Matches">
/// watches.yaml: the watch ids or categories that must all be among the matches (<see cref="RuleExamples.Any"/> for
/// any watch at all); empty when no watch may match. Null in stages.yaml.
/// </param>
/// <param name="Stage">stages.yaml: the stage the article must show. Null in watches.yaml.</param>
/// <param name="Actor">stages.yaml, optional: the actor it must show (<see cref="RuleExamples.None"/> for none); null when not checked.</param>
public sealed record RuleExample(string File, int Line, string Text, string Summary, IReadOnlyList<string>? Matches, string? Stage, string? Actor);
