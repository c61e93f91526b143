using Microsoft.Extensions.Options;

namespace NewsWatcher.Delivery.Mail;

/// <summary>The data-annotation checks of <see cref="MailFolderOptions"/>, source-generated (no reflection at start-up).</summary>
[OptionsValidator]
internal sealed partial class MailFolderOptionsAnnotations : IValidateOptions<MailFolderOptions>;
