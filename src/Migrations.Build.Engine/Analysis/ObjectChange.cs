using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// What one statement does to one object, for MIG0201–MIG0203. <see cref="Token"/> is where a diagnostic about it
/// points: the object's name when the statement writes one, otherwise the clause or the statement's first word.
/// </summary>
internal abstract record ObjectChange(SchemaObject Object, SqlStatement Statement, SqlToken Token);
