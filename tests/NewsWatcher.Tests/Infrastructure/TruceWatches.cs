namespace NewsWatcher.Tests.Infrastructure;

/// <summary>The watches.yaml the delivery tests share: one urgent watch ("violated") and one for the digest ("talks").</summary>
internal static class TruceWatches
{
    public const string Yaml = """
        watches:
          - id: violated
            name: Truce violated
            category: violation
            priority: urgent
            any: [violated]
          - id: talks
            name: Truce talks
            category: talks
            any: [talks]
        """;
}
