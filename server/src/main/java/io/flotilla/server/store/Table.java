package io.flotilla.server.store;

import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.result.ResultIterable;
import org.jdbi.v3.core.statement.Query;

/**
 * The reads of one table: the columns a row is made of and how it maps, so each query says only
 * which rows ({@code WHERE …}) it wants.
 */
public record Table<R>(String name, String columns, RowMapper<R> mapper) {
  /**
   * {@code SELECT <columns> FROM <name> <rest>}, to bind (a list, say) and map with {@link
   * #mapper}.
   */
  public Query query(Handle h, String rest) {
    return h.createQuery("SELECT " + columns + " FROM " + name + " " + rest);
  }

  /** The rows {@code SELECT <columns> FROM <name> <rest>} finds with {@code args} bound. */
  public ResultIterable<R> select(Handle h, String rest, Map<String, ?> args) {
    return query(h, rest).bindMap(args).map(mapper);
  }
}
