using Npgsql;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL at POSTGRES_URL (an Npgsql connection string; <c>.ci/run</c> starts one on loopback). Tests
/// isolate themselves with a table prefix of their own and drop their tables afterwards.
/// </summary>
internal static class PostgresDatabase
{
    public const string UrlVariable = "POSTGRES_URL";

    /// <summary>The connection string; skips the calling test when POSTGRES_URL is not set.</summary>
    public static string RequireConnectionString()
    {
        if (Environment.GetEnvironmentVariable(UrlVariable) is not { Length: > 0 } url)
        {
            Assert.Skip($"Set {UrlVariable} (e.g. \"Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres\") to run the clustered-schedule tests against a real PostgreSQL (.ci/run starts one).");
            return "";
        }

        return url;
    }

    /// <summary>A Quartz table prefix no other test uses.</summary>
    public static string UniqueTablePrefix() => "t" + Guid.NewGuid().ToString("N")[..12] + "_";

    /// <summary>Drops every table under <paramref name="prefix"/> (best effort: a leftover must not fail the run).</summary>
    public static async Task DropTablesAsync(string connectionString, string prefix)
    {
        try
        {
            await using var source = NpgsqlDataSource.Create(connectionString);
            await using var list = source.CreateCommand("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE $1");
            list.Parameters.Add(new NpgsqlParameter { Value = prefix.Replace("_", "\\_", StringComparison.Ordinal) + "%" });
            var tables = new List<string>();
            await using (var reader = await list.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            if (tables.Count > 0)
            {
                await using var drop = source.CreateCommand($"DROP TABLE IF EXISTS {string.Join(", ", tables)} CASCADE");
                await drop.ExecuteNonQueryAsync();
            }
        }
        catch (NpgsqlException)
        {
            // Left behind under a unique prefix; harmless.
        }
    }

    /// <summary>Runs a scalar query against the test database.</summary>
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var command = source.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
