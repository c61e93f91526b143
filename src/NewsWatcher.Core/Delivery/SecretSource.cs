namespace NewsWatcher.Core.Delivery;

/// <summary>Where a secret is read from: a file (a mounted secret) or an environment variable. The value itself never sits in config.</summary>
public sealed record SecretSource(string? File, string? EnvironmentVariable)
{
    /// <summary>For check and messages: where the secret comes from, never what it is.</summary>
    public override string ToString() => File is not null ? $"file {File}" : $"environment variable {EnvironmentVariable}";
}
