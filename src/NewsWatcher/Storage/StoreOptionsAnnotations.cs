using Microsoft.Extensions.Options;

namespace NewsWatcher.Storage;

/// <summary>The data-annotation checks of <see cref="StoreOptions"/>, source-generated (no reflection at start-up).</summary>
[OptionsValidator]
internal sealed partial class StoreOptionsAnnotations : IValidateOptions<StoreOptions>;
