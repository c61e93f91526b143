using Microsoft.Extensions.Options;
using Npgsql;

namespace NewsWatcher.Scheduling;

/// <summary>The rules that span fields: a connection string Npgsql can read, a password file that exists.</summary>
internal sealed class SchedulingOptionsValidator : IValidateOptions<SchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        if (options.Clustered)
        {
            try
            {
                var parsed = new NpgsqlConnectionStringBuilder(options.Database);
                if (string.IsNullOrWhiteSpace(parsed.Host))
                {
                    builder.AddError("the connection string names no Host", "Scheduling:Database");
                }
            }
            catch (ArgumentException ex)
            {
                // The message names the bad keyword, never a value.
                builder.AddError($"not a PostgreSQL connection string: {ex.Message}", "Scheduling:Database");
            }
        }

        if (!string.IsNullOrEmpty(options.PasswordFile))
        {
            if (!options.Clustered)
            {
                builder.AddError("a password file is set but no Scheduling:Database (the in-memory schedule has no password)", "Scheduling:PasswordFile");
            }
            else if (!File.Exists(options.PasswordFile))
            {
                builder.AddError($"password file '{options.PasswordFile}' does not exist", "Scheduling:PasswordFile");
            }
        }

        return builder.Build();
    }
}
