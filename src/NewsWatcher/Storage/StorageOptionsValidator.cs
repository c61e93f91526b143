using Microsoft.Extensions.Options;

namespace NewsWatcher.Storage;

/// <summary>The rules that span fields; data annotations are checked separately.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        if (!string.IsNullOrEmpty(options.PasswordFile))
        {
            if (string.IsNullOrWhiteSpace(options.Configuration))
            {
                builder.AddError("a password file is set but no Storage:Configuration (the embedded store has no password)", "Storage:PasswordFile");
            }
            else if (!File.Exists(options.PasswordFile))
            {
                builder.AddError($"password file '{options.PasswordFile}' does not exist", "Storage:PasswordFile");
            }
        }

        return builder.Build();
    }
}
