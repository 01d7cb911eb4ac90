using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OrleansBackend.Runtime.CodeGenerator;

/// <summary>
/// Generates, at build time, what the runtime would otherwise need reflection for: a reference class per grain
/// interface, a request class per method, a serializer per [GenerateSerializer] type, an activator per grain
/// class, and an assembly manifest that registers them.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GrainCodeGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var types = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is TypeDeclarationSyntax type && (type.BaseList is not null || type.AttributeLists.Count > 0),
                static (syntaxContext, cancellationToken) => ModelBuilder.Build(syntaxContext, cancellationToken))
            .Where(static result => result is not null)
            .Collect();
        var assembly = context.CompilationProvider.Select(static (compilation, _) => new AssemblyModel(
            compilation.AssemblyName ?? "Assembly",
            new EquatableArray<string>(ReferencedParts(compilation))));
        context.RegisterSourceOutput(types.Combine(assembly), static (production, pair) => SourceEmitter.Emit(production, pair.Left, pair.Right));
    }

    /// <summary>Referenced assemblies that carry generated code (their manifest attribute says so).</summary>
    private static IEnumerable<string> ReferencedParts(Compilation compilation)
    {
        foreach (var reference in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            foreach (var attribute in reference.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == "OrleansBackend.Runtime.Metadata.GeneratedCodeManifestAttribute")
                {
                    yield return reference.Identity.Name;
                    break;
                }
            }
        }
    }
}
