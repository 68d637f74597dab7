# Split from 0001_initial: these models depend on Wagtail's migrations, which in
# turn depend on the custom user model in 0001, so they cannot share a migration.

import django.db.models.deletion
import modelsearch.index
import taggit.managers
import wagtail.fields
import wagtail.images.models
import wagtail.models.media
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cms', '0001_initial'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.CreateModel(
            name='ClinicSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='As patients know it.', max_length=120, verbose_name='clinic name')),
                ('phone', models.CharField(blank=True, help_text="Shown in the header, e.g. '020 7946 0000'.", max_length=40, verbose_name='phone')),
                ('email', models.EmailField(blank=True, help_text='For patient enquiries.', max_length=254, verbose_name='email')),
                ('street_address', models.CharField(blank=True, help_text='Building and street.', max_length=200, verbose_name='street address')),
                ('locality', models.CharField(blank=True, help_text="e.g. 'London'.", max_length=100, verbose_name='town or city')),
                ('region', models.CharField(blank=True, help_text='Optional.', max_length=100, verbose_name='county or region')),
                ('postal_code', models.CharField(blank=True, help_text="e.g. 'W1G 9PF'.", max_length=20, verbose_name='postcode')),
                ('country', models.CharField(default='GB', help_text="Two-letter ISO code, e.g. 'GB'.", max_length=2, verbose_name='country code')),
                ('booking_url', models.URLField(blank=True, help_text="Where the 'Book a consultation' buttons go.", verbose_name='booking link')),
                ('opening_hours', wagtail.fields.StreamField([('hours', 3)], blank=True, block_lookup={0: ('wagtail.blocks.MultipleChoiceBlock', [], {'choices': [('Monday', 'Monday'), ('Tuesday', 'Tuesday'), ('Wednesday', 'Wednesday'), ('Thursday', 'Thursday'), ('Friday', 'Friday'), ('Saturday', 'Saturday'), ('Sunday', 'Sunday')], 'help_text': 'Tick every day with these hours.'}), 1: ('wagtail.blocks.TimeBlock', (), {'help_text': 'e.g. 09:00'}), 2: ('wagtail.blocks.TimeBlock', (), {'help_text': 'e.g. 17:30'}), 3: ('wagtail.blocks.StructBlock', [[('days', 0), ('opens', 1), ('closes', 2)]], {})}, help_text='One row per set of days with the same hours.', verbose_name='opening hours')),
                ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
            ],
            options={
                'verbose_name': 'clinic details',
            },
        ),
        migrations.CreateModel(
            name='CustomImage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('file', wagtail.images.models.WagtailImageField(height_field='height', upload_to=wagtail.images.models.get_upload_to, verbose_name='file', width_field='width')),
                ('width', models.IntegerField(editable=False, verbose_name='width')),
                ('height', models.IntegerField(editable=False, verbose_name='height')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('focal_point_x', models.PositiveIntegerField(blank=True, null=True)),
                ('focal_point_y', models.PositiveIntegerField(blank=True, null=True)),
                ('focal_point_width', models.PositiveIntegerField(blank=True, null=True)),
                ('focal_point_height', models.PositiveIntegerField(blank=True, null=True)),
                ('file_size', models.PositiveIntegerField(editable=False, null=True)),
                ('file_hash', models.CharField(blank=True, db_index=True, editable=False, max_length=40)),
                ('description', models.CharField(help_text="Describe the image for people who cannot see it, e.g. 'Clinician marking injection points on a patient's forehead'.", max_length=255, verbose_name='alt text')),
                ('collection', models.ForeignKey(default=wagtail.models.media.get_root_collection_id, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.collection', verbose_name='collection')),
                ('tags', taggit.managers.TaggableManager(blank=True, help_text=None, through='taggit.TaggedItem', to='taggit.Tag', verbose_name='tags')),
                ('uploaded_by_user', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='uploaded by user')),
            ],
            options={
                'verbose_name': 'image',
                'verbose_name_plural': 'images',
                'abstract': False,
            },
            bases=(wagtail.images.models.ImageFileMixin, modelsearch.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name='Clinician',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text="Full name, e.g. 'Dr Amara Okafor'.", max_length=120, verbose_name='name')),
                ('credentials', models.CharField(blank=True, help_text="Post-nominal letters or registration, e.g. 'MBBS, MRCP'.", max_length=120, verbose_name='credentials')),
                ('role', models.CharField(help_text="Job title at the clinic, e.g. 'Consultant neurologist'.", max_length=120, verbose_name='role')),
                ('bio', models.TextField(blank=True, help_text='Two or three sentences about their experience. Plain text.', max_length=600, verbose_name='short bio')),
                ('photo', models.ForeignKey(blank=True, help_text='A head-and-shoulders photo, shown beside reviews and articles.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.customimage', verbose_name='photo')),
            ],
            options={
                'verbose_name': 'clinician',
                'verbose_name_plural': 'clinicians',
                'ordering': ['name'],
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name='Rendition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('filter_spec', models.CharField(db_index=True, max_length=255)),
                ('file', wagtail.images.models.WagtailImageField(height_field='height', storage=wagtail.images.models.get_rendition_storage, upload_to=wagtail.images.models.get_rendition_upload_to, width_field='width')),
                ('width', models.IntegerField(editable=False)),
                ('height', models.IntegerField(editable=False)),
                ('focal_point_key', models.CharField(blank=True, default='', editable=False, max_length=16)),
                ('image', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='renditions', to='cms.customimage')),
            ],
            options={
                'unique_together': {('image', 'filter_spec', 'focal_point_key')},
            },
            bases=(wagtail.images.models.ImageFileMixin, models.Model),
        ),
    ]
