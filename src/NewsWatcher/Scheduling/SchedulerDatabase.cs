using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;

namespace NewsWatcher.Scheduling;

/// <summary>
/// The PostgreSQL database of a clustered schedule: one pooled data source for Quartz's job store and for the little
/// the worker reads beside it (the replicas in the scheduler state table, each replica's config fingerprint).
/// </summary>
internal sealed class SchedulerDatabase : IAsyncDisposable
{
    private readonly SchedulingOptions _options;
    private readonly Lazy<NpgsqlDataSource> _dataSource;

    public SchedulerDatabase(IOptions<SchedulingOptions> options)
    {
        _options = options.Value;
        _dataSource = new Lazy<NpgsqlDataSource>(() => NpgsqlDataSource.Create(ConnectionString(_options)));
    }

    public SchedulingOptions Options => _options;

    /// <summary>The pool, created on first use; the password file is read then.</summary>
    public NpgsqlDataSource DataSource => _dataSource.Value;

    /// <summary>A Quartz table's full name under the configured prefix (e.g. <c>qrtz_scheduler_state</c>).</summary>
    public string Table(string name) => _options.TablePrefix + name;

    /// <summary>The connection string with the password from <see cref="SchedulingOptions.PasswordFile"/> when one is set.</summary>
    public static string ConnectionString(SchedulingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new NpgsqlConnectionStringBuilder(options.Database);
        if (!string.IsNullOrEmpty(options.PasswordFile))
        {
            builder.Password = File.ReadAllText(options.PasswordFile).TrimEnd('\r', '\n');
        }

        // Shows up in pg_stat_activity, so a DBA can tell the scheduler's connections apart.
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "newswatcher";
        }

        return builder.ConnectionString;
    }

    /// <summary>The connection string as <c>check</c> prints it: the password masked, everything else as given.</summary>
    public static string Masked(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (!string.IsNullOrEmpty(builder.Password))
            {
                builder.Password = "****";
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            // Unreadable: it may hold a password anywhere, so none of it is shown.
            return "****";
        }
    }

    /// <summary>
    /// Holds a PostgreSQL advisory lock for this cluster until disposed, so replicas starting together reconcile the
    /// schedule one after another (each sees what the one before stored) instead of racing.
    /// </summary>
    public async Task<IAsyncDisposable> LockAsync(CancellationToken cancellationToken)
    {
        var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended(@key, 0))", connection);
            command.Parameters.AddWithValue("key", $"newswatcher:{_options.TablePrefix}:{_options.ClusterName}");
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new AdvisoryLock(connection);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource.IsValueCreated)
        {
            await _dataSource.Value.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal static DbDataSource Create(IServiceProvider services) =>
        ((SchedulerDatabase)services.GetService(typeof(SchedulerDatabase))!).DataSource;

    private sealed class AdvisoryLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // Closing the session releases the lock even if the unlock call fails.
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
