using Microsoft.Extensions.Options;
using MimeKit;

namespace NewsWatcher.Delivery.Mail;

/// <summary>The rules that span fields; data annotations are checked by the generated validator.</summary>
internal sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        var builder = new ValidateOptionsResultBuilder();
        if (!MailboxAddress.TryParse(options.From, out _))
        {
            builder.AddError($"'{options.From}' is not a valid address (e.g. \"NewsWatcher <alerts@example.org>\")", "Smtp:From");
        }

        if (!string.IsNullOrEmpty(options.PasswordFile) && !File.Exists(options.PasswordFile))
        {
            builder.AddError($"password file '{options.PasswordFile}' does not exist", "Smtp:PasswordFile");
        }

        if (!string.IsNullOrEmpty(options.TrustedCertificateFile) && !File.Exists(options.TrustedCertificateFile))
        {
            builder.AddError($"certificate file '{options.TrustedCertificateFile}' does not exist", "Smtp:TrustedCertificateFile");
        }

        if (string.IsNullOrEmpty(options.User) && (!string.IsNullOrEmpty(options.Password) || !string.IsNullOrEmpty(options.PasswordFile)))
        {
            builder.AddError("a password is set but no User", "Smtp:User");
        }

        return builder.Build();
    }
}
