// ArrayView<T>, Index1D and Index2D of the linked kernels resolve to ILGPU's; Grid, Group, SharedMemory, LocalMemory,
// KernelMath and the attributes resolve to Language/ (namespace KernelGen is searched before these usings).
global using ILGPU;
