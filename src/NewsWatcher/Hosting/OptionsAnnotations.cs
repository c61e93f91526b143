using Microsoft.Extensions.Options;
using NewsWatcher.Fetching;
using NewsWatcher.Mail;
using NewsWatcher.Scheduling;
using NewsWatcher.Storage;

namespace NewsWatcher.Hosting;

// Source-generated data-annotation validators, one per options class (no reflection at start-up).
[OptionsValidator]
internal sealed partial class SmtpOptionsAnnotations : IValidateOptions<SmtpOptions>;

[OptionsValidator]
internal sealed partial class OutboxOptionsAnnotations : IValidateOptions<OutboxOptions>;

[OptionsValidator]
internal sealed partial class DigestOptionsAnnotations : IValidateOptions<DigestOptions>;

[OptionsValidator]
internal sealed partial class FetchOptionsAnnotations : IValidateOptions<FetchOptions>;

[OptionsValidator]
internal sealed partial class SchedulingOptionsAnnotations : IValidateOptions<SchedulingOptions>;

[OptionsValidator]
internal sealed partial class ClusterOptionsAnnotations : IValidateOptions<ClusterOptions>;

[OptionsValidator]
internal sealed partial class StoreOptionsAnnotations : IValidateOptions<StoreOptions>;

[OptionsValidator]
internal sealed partial class RulesReloadOptionsAnnotations : IValidateOptions<NewsWatcher.Configuration.RulesReloadOptions>;

[OptionsValidator]
internal sealed partial class HttpOptionsAnnotations : IValidateOptions<NewsWatcher.Http.HttpOptions>;

[OptionsValidator]
internal sealed partial class ChannelOptionsAnnotations : IValidateOptions<NewsWatcher.Channels.ChannelOptions>;
