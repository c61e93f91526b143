using Microsoft.Extensions.Options;

namespace NewsWatcher.Fetching;

/// <summary>The data-annotation checks of <see cref="FetchOptions"/>, source-generated (no reflection at start-up).</summary>
[OptionsValidator]
internal sealed partial class FetchOptionsAnnotations : IValidateOptions<FetchOptions>;
