{#
    latest_delivery_rows(relation)

    The rows of a raw table that staging uses: per wave (loaded_wave), the delivery loaded last
    (the delivery whose latest loaded_at is greatest; ties broken by the later delivery id, so
    2014-09-r2 beats 2014-09). When one delivery holds the same entity in more than one file
    (Questback .xlsx plus the optional .csv copy), one file is used: the .xlsx, else the first
    file name. Raw tables are append-only; this is how corrected re-deliveries supersede.
#}
{% macro latest_delivery_rows(relation) -%}
    with deliveries as (
        select
            loaded_wave,
            loaded_delivery_id,
            row_number() over (
                partition by loaded_wave
                order by max(loaded_at) desc, loaded_delivery_id desc
            ) as delivery_rank
        from {{ relation }}
        group by loaded_wave, loaded_delivery_id
    ),

    delivery_files as (
        select
            raw_files.loaded_wave,
            raw_files.loaded_delivery_id,
            raw_files.loaded_file_name,
            row_number() over (
                partition by raw_files.loaded_wave
                order by
                    case when lower(raw_files.loaded_file_name) like '%.xlsx' then 0 else 1 end,
                    raw_files.loaded_file_name
            ) as file_rank
        from (
            select distinct loaded_wave, loaded_delivery_id, loaded_file_name
            from {{ relation }}
        ) as raw_files
        inner join deliveries
            on raw_files.loaded_wave = deliveries.loaded_wave
            and raw_files.loaded_delivery_id = deliveries.loaded_delivery_id
            and deliveries.delivery_rank = 1
    )

    select delivered.*
    from {{ relation }} as delivered
    inner join delivery_files
        on delivered.loaded_wave = delivery_files.loaded_wave
        and delivered.loaded_delivery_id = delivery_files.loaded_delivery_id
        and delivered.loaded_file_name = delivery_files.loaded_file_name
        and delivery_files.file_rank = 1
{%- endmacro %}
