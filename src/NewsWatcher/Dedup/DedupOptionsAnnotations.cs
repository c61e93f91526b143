using Microsoft.Extensions.Options;

namespace NewsWatcher.Dedup;

/// <summary>The data-annotation checks of <see cref="DedupOptions"/>, source-generated (no reflection at start-up).</summary>
[OptionsValidator]
internal sealed partial class DedupOptionsAnnotations : IValidateOptions<DedupOptions>;
