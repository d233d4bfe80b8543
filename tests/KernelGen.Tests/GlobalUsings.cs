global using NUnit.Framework;
global using KernelGen;
