using Microsoft.Extensions.Options;

namespace NewsWatcher.Storage;

/// <summary>The rules that span fields; data annotations are checked separately.</summary>
internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        if (!string.IsNullOrEmpty(options.PasswordFile))
        {
            if (string.IsNullOrWhiteSpace(options.Configuration))
            {
                builder.AddError("a password file is set but no Redis:Configuration (the embedded store has no password)", "Redis:PasswordFile");
            }
            else if (!File.Exists(options.PasswordFile))
            {
                builder.AddError($"password file '{options.PasswordFile}' does not exist", "Redis:PasswordFile");
            }
        }

        return builder.Build();
    }
}
