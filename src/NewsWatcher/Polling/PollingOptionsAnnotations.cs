using Microsoft.Extensions.Options;

namespace NewsWatcher.Polling;

/// <summary>The data-annotation checks of <see cref="PollingOptions"/>, source-generated (no reflection at start-up).</summary>
[OptionsValidator]
internal sealed partial class PollingOptionsAnnotations : IValidateOptions<PollingOptions>;
