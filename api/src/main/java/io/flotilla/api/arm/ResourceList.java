package io.flotilla.api.arm;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An ARM pageable list: {@code {"value":[…],"nextLink":…}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceList<T>(List<T> value, String nextLink) {}
