namespace KernelGen.Runtime.Cuda;

/// <summary>A compiled kernel image: CUBIN for <c>sm_XY</c>, or NUL-terminated PTX for <c>compute_XY</c>.</summary>
/// <param name="Data">The image bytes for <c>cuModuleLoadData</c>.</param>
/// <param name="Target">The architecture it was built for.</param>
/// <param name="CachePath">The cache file it came from or went to.</param>
/// <param name="FromCache">Whether it was read from the cache instead of compiled.</param>
internal sealed record CudaImage(byte[] Data, CudaTarget Target, string CachePath, bool FromCache);
