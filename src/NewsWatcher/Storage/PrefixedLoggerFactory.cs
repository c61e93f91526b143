using Microsoft.Extensions.Logging;

namespace NewsWatcher.Storage;

/// <summary>
/// Puts every category of an embedded component under one prefix (e.g. "Garnet."), so one
/// <c>Logging:LogLevel:Garnet</c> setting tunes all of its many loggers.
/// </summary>
internal sealed class PrefixedLoggerFactory : ILoggerFactory
{
    private readonly ILoggerFactory _inner;
    private readonly string _prefix;

    public PrefixedLoggerFactory(ILoggerFactory inner, string prefix)
    {
        _inner = inner;
        _prefix = prefix;
    }

    public ILogger CreateLogger(string categoryName) => _inner.CreateLogger(_prefix + categoryName);

    public void AddProvider(ILoggerProvider provider) => _inner.AddProvider(provider);

    // The host owns the inner factory's lifetime.
    public void Dispose()
    {
    }
}
