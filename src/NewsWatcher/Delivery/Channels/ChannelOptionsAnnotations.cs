using Microsoft.Extensions.Options;

namespace NewsWatcher.Delivery.Channels;

/// <summary>The data-annotation checks of <see cref="ChannelOptions"/>, source-generated (no reflection at start-up).</summary>
[OptionsValidator]
internal sealed partial class ChannelOptionsAnnotations : IValidateOptions<ChannelOptions>;
