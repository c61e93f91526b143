using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsWatcher.Hosting;

namespace NewsWatcher.Mail;

public static class MailServiceCollectionExtensions
{
    /// <summary>SMTP via MailKit when Smtp:Host is set; otherwise .eml files in Outbox:Directory (left-over temporaries removed at start).</summary>
    public static IServiceCollection AddNewsWatcherMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SmtpOptions, SmtpOptionsAnnotations>(configuration, SmtpOptions.Section);
        services.AddSingleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>();
        services.AddValidatedOptions<OutboxOptions, OutboxOptionsAnnotations>(configuration, OutboxOptions.Section);
        services.AddValidatedOptions<DigestOptions, DigestOptionsAnnotations>(configuration, DigestOptions.Section);
        services.AddSingleton<DigestTemplateProvider>();
        services.AddSingleton<DigestMessageBuilder>();
        services.AddSingleton<SmtpMailSender>();
        services.AddSingleton<OutboxMailSender>();
        services.AddHostedService<OutboxCleanup>();
        services.AddSingleton<IMailSender>(sp => sp.GetRequiredService<IOptions<SmtpOptions>>().Value.UsesOutbox()
            ? sp.GetRequiredService<OutboxMailSender>()
            : sp.GetRequiredService<SmtpMailSender>());
        return services;
    }
}
