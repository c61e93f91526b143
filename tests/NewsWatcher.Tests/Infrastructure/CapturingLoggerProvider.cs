using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>Keeps every log entry at or above <see cref="MinimumLevel"/> in memory, for tests that assert a log line.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, EventId EventId, string Message)> _entries = new();

    public LogLevel MinimumLevel { get; init; } = LogLevel.Information;

    public IReadOnlyCollection<(string Category, LogLevel Level, EventId EventId, string Message)> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._entries.Enqueue((category, logLevel, eventId, formatter(state, exception)));
            }
        }
    }
}
