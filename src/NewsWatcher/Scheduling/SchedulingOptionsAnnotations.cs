using Microsoft.Extensions.Options;

namespace NewsWatcher.Scheduling;

/// <summary>The data-annotation checks of <see cref="SchedulingOptions"/>, source-generated (no reflection at start-up).</summary>
[OptionsValidator]
internal sealed partial class SchedulingOptionsAnnotations : IValidateOptions<SchedulingOptions>;
