namespace NewsWatcher.Core.Configuration;

/// <summary>Thrown when an editor file cannot be used; carries every error found, not just the first.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public ConfigException(ConfigError error)
        : this([error])
    {
    }

    public IReadOnlyList<ConfigError> Errors { get; }
}
