using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace NewsWatcher.Delivery.Mail;

internal static class MailServiceCollectionExtensions
{
    /// <summary>SMTP via MailKit when Smtp:Host is set; otherwise .eml files in MailFolder:Directory (left-over temporaries removed at start).</summary>
    public static IServiceCollection AddNewsWatcherMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<SmtpOptions, SmtpOptionsAnnotations>().Bind(configuration.GetSection(SmtpOptions.Section));
        services.AddSingleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>();
        services.AddOptionsWithValidateOnStart<MailFolderOptions, MailFolderOptionsAnnotations>().Bind(configuration.GetSection(MailFolderOptions.Section));
        services.AddOptionsWithValidateOnStart<DigestOptions, DigestOptionsAnnotations>().Bind(configuration.GetSection(DigestOptions.Section));
        services.AddSingleton<DigestTemplateProvider>();
        services.AddSingleton<DigestMessageBuilder>();
        services.AddSingleton<SmtpMailSender>();
        services.AddSingleton<MailFolderSender>();
        services.AddHostedService<MailFolderCleanup>();
        services.AddSingleton<IMailSender>(sp => sp.GetRequiredService<IOptions<SmtpOptions>>().Value.UsesMailFolder()
            ? sp.GetRequiredService<MailFolderSender>()
            : sp.GetRequiredService<SmtpMailSender>());
        return services;
    }
}
