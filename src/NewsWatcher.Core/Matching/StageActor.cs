namespace NewsWatcher.Core.Matching;

/// <summary>A named party ("Russia") and the words that name it (Russia, Russian, Kremlin, Putin, Росси*).</summary>
public sealed record StageActor(string Name, Query Terms, int Line = 0);
