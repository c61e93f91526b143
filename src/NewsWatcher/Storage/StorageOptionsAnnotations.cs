using Microsoft.Extensions.Options;

namespace NewsWatcher.Storage;

/// <summary>The data-annotation checks of <see cref="StorageOptions"/>, source-generated (no reflection at start-up).</summary>
[OptionsValidator]
internal sealed partial class StorageOptionsAnnotations : IValidateOptions<StorageOptions>;
